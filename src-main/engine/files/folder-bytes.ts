import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

const isGone = (err: unknown): boolean => ['ENOENT', 'ENOTDIR'].includes((err as { code?: string } | null)?.code ?? '');

/**
 * Total size in bytes of the files under `dir` (recursive; symlinks count as links, not followed): a walk with
 * one lstat per file, for folders of a few hundred files at most such as a run folder. A missing folder is 0 and
 * entries that vanish during the walk (a checkpoint renamed into place while training) are skipped.
 */
export async function folderBytes(dir: string): Promise<number> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (isGone(err)) return 0;
    throw err;
  }
  const sizes = await Promise.all(entries.map(async (e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return folderBytes(path);
    try {
      return (await lstat(path)).size;
    } catch (err) {
      if (isGone(err)) return 0;
      throw err;
    }
  }));
  return sizes.reduce((a, b) => a + b, 0);
}
