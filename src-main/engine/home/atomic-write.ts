import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * Writes `file` whole or not at all: the bytes go to `<file>.tmp-<pid>`, which is renamed into place. A failed
 * write (a full disk) removes its temporary; one a kill leaves behind is swept by the next face that opens the
 * home (temp-sweep.ts), so a half-written file is never visible under its real name.
 */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}
