import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { homedir, platform } from 'node:os';
import { join, resolve } from 'node:path';
import { ApiError } from '../../shared/api/errors';

/** Sub-folders of a studio home. Everything the studio writes lives under the home, except exports. */
export interface HomeLayout {
  root: string;
  database: string;
  datasets: string;
  cache: string;
  runs: string;
  samples: string;
  uploads: string;
  tmp: string;
}

/** The OS's app-data folder for GAN Studio (CONTRACT: after `--home` and `$GAN_STUDIO_HOME`). */
export function defaultHome(env: NodeJS.ProcessEnv = process.env): string {
  const os = platform();
  if (os === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'GAN Studio');
  if (os === 'darwin') return join(homedir(), 'Library', 'Application Support', 'GAN Studio');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'gan-studio');
}

/** `--home` flag, then `$GAN_STUDIO_HOME`, then the OS default; always absolute. */
export function resolveHomePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag ?? env.GAN_STUDIO_HOME ?? defaultHome(env));
}

export function homeLayout(root: string): HomeLayout {
  return {
    root,
    database: join(root, 'studio.db'),
    datasets: join(root, 'datasets'),
    cache: join(root, 'cache'),
    runs: join(root, 'runs'),
    samples: join(root, 'samples'),
    uploads: join(root, 'uploads'),
    tmp: join(root, 'tmp'),
  };
}

/**
 * Creates the home and its folders if needed and checks it is a writable folder.
 * @throws ApiError `home_invalid` when the path is a file, or cannot be created or written.
 */
export function ensureHome(root: string): HomeLayout {
  const layout = homeLayout(root);
  try {
    const st = statSync(root, { throwIfNoEntry: false });
    if (st && !st.isDirectory()) throw new ApiError('home_invalid', `the studio home ${root} is a file, not a folder: pass another --home`);
    for (const dir of [layout.root, layout.datasets, layout.cache, layout.runs, layout.samples, layout.uploads, layout.tmp]) {
      mkdirSync(dir, { recursive: true });
    }
    accessSync(root, constants.W_OK);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError('home_invalid', `the studio home ${root} cannot be used: ${(err as Error).message}`);
  }
  return layout;
}
