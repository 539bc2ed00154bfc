import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import type { FsListing, FsRoot } from '../../shared/domain/files';

/**
 * The folders the UI may read and write: the studio home and each `--allow-dir`. Every path is compared after
 * resolving symlinks at every level (realpath), so no link inside a root, at any depth, leads outside it; a
 * path through a broken link is refused, since what it would create is decided by the link. `unrestricted` is
 * for the faces that run as the user on the user's own machine (desktop app, CLI): any absolute path is theirs
 * to use, links followed.
 */
export function createAllowedRoots(home: string, allowDirs: string[] = [], options: { unrestricted?: boolean } = {}) {
  const restricted = !options.unrestricted;
  const roots: FsRoot[] = [{ path: realpathSync(home), label: 'Studio home' }];
  for (const dir of allowDirs) {
    const abs = resolve(dir);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) {
      throw new ApiError('bad_input', `--allow-dir ${dir} is not an existing folder`);
    }
    roots.push({ path: realpathSync(abs), label: basename(abs) || abs });
  }
  const outside = (p: string, why = 'is outside the folders this server may use (the studio home and --allow-dir folders)'): ApiError =>
    new ApiError('forbidden_path', `${p} ${why}`);

  /**
   * Real path of `p`: of `p` itself when it exists, else of its nearest existing ancestor joined with the
   * missing rest (for paths to create). Null when an existing part cannot be resolved (a broken link, a loop).
   */
  function realish(p: string): string | null {
    let existing = p;
    const rest: string[] = [];
    // lstat, not exists: a broken link exists as a link, and must not pass for a name still free to create.
    while (!lstatSync(existing, { throwIfNoEntry: false })) {
      rest.unshift(basename(existing));
      const up = dirname(existing);
      if (up === existing) break;
      existing = up;
    }
    try {
      return resolve(realpathSync(existing), ...rest);
    } catch {
      return null;
    }
  }

  function rootOf(real: string): FsRoot | null {
    return roots.find((r) => real === r.path || real.startsWith(r.path.endsWith(sep) ? r.path : r.path + sep)) ?? null;
  }

  /**
   * @returns the resolved real path when it lies inside a root (any path when unrestricted).
   * @throws ApiError `forbidden_path` otherwise (relative paths, and in web mode paths through broken links, too).
   */
  function assertAllowed(p: string): string {
    if (!isAbsolute(p)) throw new ApiError('forbidden_path', `${p} is not an absolute path`);
    const real = safeRealish(resolve(p));
    if (real === null) {
      if (restricted) throw outside(p, 'leads through a broken or looping link: fix or remove the link');
      return resolve(p);
    }
    if (restricted && !rootOf(real)) throw outside(p);
    return real;
  }

  /**
   * Like assertAllowed, but the path must lie strictly inside a root, never be one: for folders that are
   * replaced by renaming (an export's output), whose temporary sibling must be inside a root too.
   */
  function assertAllowedInside(p: string): string {
    const real = assertAllowed(p);
    if (restricted && roots.some((r) => r.path === real)) {
      throw outside(p, 'is one of the folders this server may use, not a folder inside it: choose (or name) a folder inside it');
    }
    return real;
  }

  /**
   * For reading an existing file the studio recorded (an imported image, a thumbnail): in web mode its real path
   * must lie inside a root, or inside the real path of `registered`, the folder of the dataset it was imported
   * with (a folder the machine's user imported with the CLI or the desktop app). A link out of that folder is
   * refused like any other. Always passes when unrestricted.
   * @returns the real path. @throws ApiError `forbidden_path`.
   */
  function assertReadable(p: string, registered?: string): string {
    if (!restricted) return p;
    let real: string;
    try {
      real = realpathSync(p);
    } catch {
      throw outside(p, 'cannot be resolved (missing, a broken link, or a link loop)');
    }
    if (rootOf(real)) return real;
    const folder = registered === undefined ? null : safeRealpath(registered);
    if (folder !== null && (real === folder || real.startsWith(folder.endsWith(sep) ? folder : folder + sep))) return real;
    throw outside(p, registered === undefined ? undefined
      : `is outside the folders this server may use and outside its dataset's folder ${registered}: start serve with --allow-dir for it`);
  }

  /** Whether a real path (already resolved) lies inside a root; always true when unrestricted. */
  function containsReal(real: string): boolean {
    return !restricted || Boolean(rootOf(real));
  }

  function safeRealpath(p: string): string | null {
    try {
      return realpathSync(p);
    } catch {
      return null;
    }
  }

  function safeRealish(p: string): string | null {
    try {
      return realish(p);
    } catch {
      return null; // EACCES on an ancestor, ENOTDIR: nothing that can be shown to be inside
    }
  }

  function list(p: string): FsListing {
    const real = assertAllowed(p);
    if (!existsSync(real) || !statSync(real).isDirectory()) throw new ApiError('not_found', `${p} is not a folder`);
    // Dirent types are those of the entries themselves: links (to anywhere) are neither folders nor files here.
    const entries = readdirSync(real, { withFileTypes: true })
      .filter((e) => e.isDirectory() || e.isFile())
      .map((e) => ({
        name: e.name,
        kind: e.isDirectory() ? ('dir' as const) : ('file' as const),
        size: e.isFile() ? (lstatSync(resolve(real, e.name), { throwIfNoEntry: false })?.size ?? 0) : 0,
      }))
      .sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1));
    const root = rootOf(real);
    const parent = root ? (real === root.path ? null : dirname(real)) : dirname(real) === real ? null : dirname(real);
    return { path: real, parent, entries };
  }

  return {
    roots: (): FsRoot[] => roots.slice(),
    restricted,
    assertAllowed,
    assertAllowedInside,
    assertReadable,
    isReadable: (p: string, registered?: string): boolean => {
      try {
        assertReadable(p, registered);
        return true;
      } catch {
        return false;
      }
    },
    containsReal,
    list,
    isInside: (p: string) => {
      const real = safeRealish(resolve(p));
      return real !== null && Boolean(rootOf(real));
    },
    relative,
  };
}

export type AllowedRoots = ReturnType<typeof createAllowedRoots>;
