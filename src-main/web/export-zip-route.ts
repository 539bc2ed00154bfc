import { constants, createReadStream, open, type ReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { ApiError } from '../shared/api/errors';
import type { Studio } from '../engine/studio-types';

/** Already compressed: stored as they are (deflating them again costs CPU and saves nothing). */
const STORED = /\.(png|jpe?g|webp|gif)$/i;
/** A file swapped for a symlink after the listing is refused rather than followed (no O_NOFOLLOW on Windows). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/** The export folder's name, safe as a zip's top folder and download name: `merged`, `export` when nothing is left. */
export function archiveName(out: string): string {
  const name = basename(out).replace(/[\u0000-\u001f\u007f\\/:*?"<>|]/g, '_').trim().slice(0, 200);
  return !name || /^\.+$/.test(name) ? 'export' : name;
}

/** `attachment` with an ASCII `filename` for old clients and the exact name in RFC 5987 `filename*`. */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const exact = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

/**
 * yazl 3.3.1 looks for the next entry to write by scanning its entry list from the start after every file: 100,000
 * files cost ~25 s of CPU there, growing with the square (yazl PR #91, not merged). Entries are written strictly in
 * order, so when entry `i` starts every earlier one is done: hiding those from yazl's list keeps each scan short.
 * The whole list is back when the last entry starts, before yazl writes the central directory from it.
 * Call after the last entry is added; returns what to call as each entry starts.
 */
function keepScansShort(zip: yazl.ZipFile): (index: number) => void {
  const internal = zip as unknown as { entries?: unknown };
  if (!Array.isArray(internal.entries)) return () => undefined; // another yazl: correct, only slower
  const all: unknown[] = internal.entries.slice();
  // Copying the tail every `step` entries and scanning at most `step` entries each: about n·√n in all.
  const step = Math.max(64, Math.ceil(Math.sqrt(all.length)));
  let from = 0;
  return (index) => {
    if (index === all.length - 1) internal.entries = all;
    else if (index - from >= step) {
      internal.entries = all.slice(index);
      from = index;
    }
  };
}

/**
 * `GET /api/exports/<exportId>/zip`: the folder of a completed export as one zip, `<name>/…` inside so that
 * unzipping gives the export's layout. Streamed file by file (one file open at a time, zip64 past 65,535 files
 * or 4 GiB), images stored, text deflated; a client that goes away stops the reading.
 * Errors before the first byte throw (the caller answers with JSON); after it, the response is cut short.
 * @throws ApiError `bad_input` (malformed id) and whatever `studio.exportFolder` throws.
 */
export async function sendExportZip(studio: Studio, exportId: string, res: ServerResponse): Promise<void> {
  if (!/^[\w-]{1,64}$/.test(exportId)) throw new ApiError('bad_input', `bad export id '${exportId.slice(0, 80)}'`);
  const folder = await studio.exportFolder(exportId);
  const name = archiveName(folder.out);

  const zip = new yazl.ZipFile();
  const output = zip.outputStream as Readable;
  let reading: ReadStream | null = null;
  let stopped = false;
  zip.once('error', (err: Error) => output.destroy(err));
  const stop = (): void => {
    stopped = true;
    (reading as ReadStream | null)?.destroy();
  };
  let starting: (index: number) => void = () => undefined;
  try {
    for (const [index, f] of folder.files.entries()) {
      zip.addReadStreamLazy(`${name}/${f.rel}`, { mtime: folder.completedAt, compress: !STORED.test(f.rel) }, (give) => {
        // Stopped: never hand yazl a stream, so it opens no further file and is simply dropped.
        if (stopped) return;
        starting(index);
        open(f.abs, OPEN_FLAGS, (err, fd) => {
          // yazl does not watch lazy streams: a file that vanished or turned unreadable ends the download.
          if (err) return void output.destroy(err);
          reading = createReadStream('', { fd });
          if (stopped) return void reading.destroy();
          reading.once('error', (e) => output.destroy(e));
          give(null, reading);
        });
      });
    }
  } catch (err) {
    stop(); // a name yazl refuses (e.g. a '\\' that would become a folder): nothing was sent yet
    throw new ApiError('conflict', `cannot zip ${folder.out}: ${(err as Error).message}`);
  }
  starting = keepScansShort(zip);
  zip.end();

  res.writeHead(200, {
    'Content-Type': 'application/zip',
    'Content-Disposition': attachmentHeader(`${name}.zip`),
    'Cache-Control': 'no-store',
  });
  try {
    await pipeline(output, res);
  } catch {
    // The client went away or a file failed: pipeline has destroyed the response; close the file being read.
    stop();
  }
}
