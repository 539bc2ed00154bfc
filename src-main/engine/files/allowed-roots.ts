import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import type { FsListing, FsRoot } from '../../shared/domain/files';

/**
 * The folders the UI may read and write: the studio home and each `--allow-dir`. Paths are compared after
 * resolving symlinks, so a link inside a root cannot lead outside it. `unrestricted` is for the faces that run
 * as the user on the user's own machine (desktop app, CLI): any absolute path is theirs to use.
 */
export function createAllowedRoots(home: string, allowDirs: string[] = [], options: { unrestricted?: boolean } = {}) {
  const roots: FsRoot[] = [{ path: realpathSync(home), label: 'Studio home' }];
  for (const dir of allowDirs) {
    const abs = resolve(dir);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) {
      throw new ApiError('bad_input', `--allow-dir ${dir} is not an existing folder`);
    }
    roots.push({ path: realpathSync(abs), label: basename(abs) || abs });
  }

  /** Real path of `p`, or of its nearest existing ancestor joined with the missing rest (for paths to create). */
  function realish(p: string): string {
    let existing = p;
    const rest: string[] = [];
    while (!existsSync(existing)) {
      rest.unshift(basename(existing));
      const up = dirname(existing);
      if (up === existing) break;
      existing = up;
    }
    return resolve(realpathSync(existing), ...rest);
  }

  function rootOf(real: string): FsRoot | null {
    return roots.find((r) => real === r.path || real.startsWith(r.path.endsWith(sep) ? r.path : r.path + sep)) ?? null;
  }

  /**
   * @returns the resolved real path when it lies inside a root.
   * @throws ApiError `forbidden_path` otherwise (relative paths are refused too).
   */
  function assertAllowed(p: string): string {
    if (!isAbsolute(p)) throw new ApiError('forbidden_path', `${p} is not an absolute path`);
    const real = realish(resolve(p));
    if (!options.unrestricted && !rootOf(real)) {
      throw new ApiError('forbidden_path', `${p} is outside the folders this server may use (the studio home and --allow-dir folders)`);
    }
    return real;
  }

  function list(p: string): FsListing {
    const real = assertAllowed(p);
    if (!existsSync(real) || !statSync(real).isDirectory()) throw new ApiError('not_found', `${p} is not a folder`);
    const entries = readdirSync(real, { withFileTypes: true })
      .filter((e) => e.isDirectory() || e.isFile())
      .map((e) => ({
        name: e.name,
        kind: e.isDirectory() ? ('dir' as const) : ('file' as const),
        size: e.isFile() ? statSync(resolve(real, e.name)).size : 0,
      }))
      .sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1));
    const root = rootOf(real);
    const parent = root ? (real === root.path ? null : dirname(real)) : dirname(real) === real ? null : dirname(real);
    return { path: real, parent, entries };
  }

  return { roots: (): FsRoot[] => roots.slice(), assertAllowed, list, isInside: (p: string) => Boolean(rootOf(realish(resolve(p)))), relative };
}

export type AllowedRoots = ReturnType<typeof createAllowedRoots>;
