import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Temporary names the studio writes before a rename, each carrying the writer's pid:
 * `step-0000100.tmp-<pid>` (checkpoint folders, atomic files), `<file>.<pid>.<hex>.tmp` (samples, caches,
 * thumbnails) and `<folder>.<pid>.tmp` (downloaded datasets).
 */
const TEMP_NAMES = [/\.tmp-(\d+)$/, /\.(\d+)\.[0-9a-f]+\.tmp$/, /\.(\d+)\.tmp$/];

/** The pid a temporary name carries, or null for any other name. */
export function tempNamePid(name: string): number | null {
  for (const re of TEMP_NAMES) {
    const m = re.exec(name);
    if (m) return Number(m[1]);
  }
  return null;
}

/** Where writers put temporaries, and how deep below each folder they can sit (runs/<id>/checkpoints/<tmp> = 3). */
const PLACES: readonly [string, number][] = [['runs', 3], ['samples', 2], ['cache', 2], ['tmp', 1], ['datasets', 1]];

/**
 * Removes the temporaries of the pids `sweep` accepts (a worker that just ended; writers that are dead) from the
 * home's write folders, so a crash or a full disk leaves no half-written folder behind for good.
 * Never throws: a sweep is housekeeping. @returns the paths removed.
 */
export function sweepTempFiles(home: string, sweep: (pid: number) => boolean): string[] {
  const removed: string[] = [];
  const walk = (dir: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      const pid = tempNamePid(e.name);
      if (pid !== null && pid !== 0) {
        if (sweep(pid)) {
          try {
            rmSync(path, { recursive: true, force: true });
            removed.push(path);
          } catch {
            // still in use on some systems (Windows): the next sweep gets it
          }
        }
      } else if (e.isDirectory() && depth > 1) {
        walk(path, depth - 1);
      }
    }
  };
  for (const [name, depth] of PLACES) walk(join(home, name), depth);
  return removed;
}
