import { opendir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SkippedFile } from '../../shared/domain/dataset';

/** What the walk meets: a candidate file, a class folder (labeled), or something reported as skipped. */
export type WalkItem =
  | { type: 'file'; abs: string; rel: string; classFolder: string | null }
  | { type: 'class'; folder: string }
  | { type: 'skip'; skip: SkippedFile };

/** OS clutter, ignored quietly (never reported): dotfiles, Thumbs.db, macOS resource forks. */
export function isHiddenName(name: string): boolean {
  return name.startsWith('.') || /^(thumbs\.db|ehthumbs\.db|desktop\.ini|__macosx|\$recycle\.bin|icon\r)$/i.test(name);
}

/** Whether a real path may be read; web mode confines reads to its allowed folders. */
export type ConfineFn = (real: string) => boolean;

/**
 * Walks `root` depth-first in code-point name order, one directory listing in memory at a time, following
 * symlinks but never around a cycle (the real paths of the folders above are remembered). With `confine`
 * (web mode), a link is followed only when its real path is allowed; any other is reported `link_outside`
 * without its target. For `labeled`, each top-level folder is a class and files directly in `root` have no class.
 */
export async function* walkFolder(root: string, labeled: boolean, confine?: ConfineFn): AsyncGenerator<WalkItem> {
  const rootReal = await realpath(root);
  yield* walkDir(root, '', [rootReal], labeled ? 0 : -1, null, confine);
}

async function* walkDir(
  abs: string,
  rel: string,
  ancestors: string[],
  depth: number,
  classFolder: string | null,
  confine: ConfineFn | undefined,
): AsyncGenerator<WalkItem> {
  let names: { name: string; isDir: boolean; isFile: boolean; isLink: boolean }[];
  try {
    names = [];
    // opendir streams entries; names only are kept, so a 100k-file folder costs a few MB.
    for await (const d of await opendir(abs)) {
      if (isHiddenName(d.name)) continue;
      names.push({ name: d.name, isDir: d.isDirectory(), isFile: d.isFile(), isLink: d.isSymbolicLink() });
    }
  } catch (err) {
    if (rel === '') throw err;
    yield skip(rel, 'unreadable', `folder cannot be listed (${errCode(err)}): check its permissions`);
    return;
  }
  names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of names) {
    const childAbs = join(abs, entry.name);
    const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
    let isDir = entry.isDir;
    let isFile = entry.isFile;
    if (entry.isLink || (!isDir && !isFile)) {
      try {
        // Checked before stat: even whether the target exists, or is a folder, is not the client's to learn.
        if (entry.isLink && confine && !confine(await realpath(childAbs))) {
          yield skip(childRel, 'link_outside', 'symbolic link leads outside the folders this server may use: not followed (copy the files in instead)');
          continue;
        }
        const st = await stat(childAbs);
        isDir = st.isDirectory();
        isFile = st.isFile();
      } catch (err) {
        const code = errCode(err);
        if (code === 'ELOOP') yield skip(childRel, 'symlink_loop', 'symbolic link points back to itself: remove or fix the link');
        else if (code === 'ENOENT') yield skip(childRel, 'broken_symlink', 'symbolic link target does not exist: fix or remove the link');
        else yield skip(childRel, 'unreadable', `cannot be read (${code}): check its permissions`);
        continue;
      }
    }
    if (isDir) {
      let real: string;
      try {
        real = await realpath(childAbs);
      } catch (err) {
        yield skip(childRel, 'unreadable', `folder cannot be resolved (${errCode(err)})`);
        continue;
      }
      if (ancestors.includes(real)) {
        yield skip(childRel, 'symlink_loop', 'symbolic link leads back into a folder above it: remove the link');
        continue;
      }
      const cls = depth === 0 ? entry.name : classFolder;
      if (depth === 0) yield { type: 'class', folder: entry.name };
      yield* walkDir(childAbs, childRel, [...ancestors, real], depth < 0 ? -1 : depth + 1, cls, confine);
    } else if (isFile) {
      if (depth === 0) {
        yield skip(childRel, 'not_in_class', 'a labeled dataset takes images from class subfolders only: move it into one, or import as a domain');
      } else {
        yield { type: 'file', abs: childAbs, rel: childRel, classFolder };
      }
    } else {
      yield skip(childRel, 'not_a_file', 'not a regular file (device, pipe or socket)');
    }
  }
}

function skip(path: string, code: SkippedFile['code'], reason: string): WalkItem {
  return { type: 'skip', skip: { path, code, reason } };
}

/** The errno code of a file-system error, e.g. 'EACCES'. */
export function errCode(err: unknown): string {
  return (err as { code?: string }).code ?? (err as Error).message;
}
