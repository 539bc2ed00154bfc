import type { FolderFile } from '../api';

/** A folder the user dropped or picked: its name, its files (hidden ones left out), and the File to ask the
 * desktop bridge for its real path (the dropped folder itself, or any file inside a picked one). */
export interface PickedFolder {
  name: string;
  files: FolderFile[];
  /** Dropped folder: the folder's own File. Picked folder: the first file, whose path ends in `relPath`. */
  probe: { file: File; relPath: string } | null;
}

/** Thrown when a drop holds no folder; the message says what to do instead. */
export class NotAFolderError extends Error {
  override readonly name = 'NotAFolderError';
}

/** `.DS_Store`, `.git/…`, `._foo.png`: never images, and some OSes add them to every folder. */
export function isHidden(relPath: string): boolean {
  return relPath.split('/').some((seg) => seg.startsWith('.') || seg === 'Thumbs.db' || seg === 'desktop.ini');
}

function readEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  // readEntries returns at most ~100 entries per call: keep calling until it returns none.
  return new Promise((resolve, reject) => {
    const step = (): void =>
      reader.readEntries((batch) => {
        if (batch.length === 0) return resolve(all);
        all.push(...batch);
        step();
      }, reject);
    step();
  });
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walk(dir: FileSystemDirectoryEntry, prefix: string, out: FolderFile[]): Promise<void> {
  for (const entry of await readEntries(dir)) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (isHidden(rel)) continue;
    if (entry.isDirectory) await walk(entry as FileSystemDirectoryEntry, rel, out);
    else if (entry.isFile) out.push({ file: await fileOf(entry as FileSystemFileEntry), relPath: rel });
  }
}

/**
 * Reads the first folder of a drop, recursively (DataTransferItem.webkitGetAsEntry). Entries must be taken
 * synchronously inside the drop handler, so call this before any await.
 */
export function readDroppedFolder(data: DataTransfer): Promise<PickedFolder> {
  const items = Array.from(data.items);
  const index = items.findIndex((it) => it.kind === 'file' && it.webkitGetAsEntry()?.isDirectory);
  if (index < 0) return Promise.reject(new NotAFolderError('Drop a folder, not single files: one subfolder per class, or a folder of images for a domain.'));
  const entry = items[index]!.webkitGetAsEntry() as FileSystemDirectoryEntry;
  const probeFile = items[index]!.getAsFile();
  return (async () => {
    const files: FolderFile[] = [];
    await walk(entry, '', files);
    return { name: entry.name, files, probe: probeFile ? { file: probeFile, relPath: '' } : null };
  })();
}

/** The files of an `<input type="file" webkitdirectory>`; their `webkitRelativePath` starts with the folder. */
export function readPickedFolder(list: FileList): PickedFolder {
  const all = Array.from(list);
  if (all.length === 0) throw new NotAFolderError('The chosen folder is empty.');
  const name = all[0]!.webkitRelativePath.split('/')[0] || 'dataset';
  const files: FolderFile[] = [];
  for (const file of all) {
    const relPath = file.webkitRelativePath.split('/').slice(1).join('/') || file.name;
    if (!isHidden(relPath)) files.push({ file, relPath });
  }
  return { name, files, probe: { file: all[0]!, relPath: all[0]!.webkitRelativePath.split('/').slice(1).join('/') } };
}

/** Strips `relPath` ('/'-separated) off the end of an OS path: the folder that holds it. */
export function folderOfPath(fullPath: string, relPath: string): string {
  const depth = relPath ? relPath.split('/').length : 0;
  const parts = fullPath.split(/(?=[\\/])/);
  return depth === 0 ? fullPath : parts.slice(0, parts.length - depth).join('');
}
