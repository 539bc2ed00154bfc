import { ApiError } from '../shared/api/errors';
import { BackendNameSchema, type BackendName } from '../shared/domain/backend';
import { resolveHomePath } from '../engine/home/studio-home';
import type { Face, Studio } from '../engine/studio-types';
import type { ParsedCommand } from './args';

/** `--backend NAME`, checked against the CONTRACT names. */
export function backendFlag(parsed: ParsedCommand): BackendName | undefined {
  const raw = parsed.values.backend;
  if (raw === undefined) return undefined;
  const ok = BackendNameSchema.safeParse(raw);
  if (!ok.success) throw new ApiError('bad_input', `unknown backend '${String(raw)}': use one of ${BackendNameSchema.options.join(', ')}`);
  return ok.data;
}

/** How a command opens the home: which face it is, whether it runs jobs (a scheduler), the folders it may read. */
export interface CliStudioOptions {
  face?: Face;
  scheduler?: boolean;
  allowDirs?: string[];
}

/** Runs `work` with the home opened for a command (`extra` as for openCliStudio), and always closes it. */
export async function withStudio<T>(parsed: ParsedCommand, work: (studio: Studio) => Promise<T>, extra: CliStudioOptions = {}): Promise<T> {
  const studio = await openCliStudio(parsed, extra);
  try {
    return await work(studio);
  } finally {
    await studio.close();
  }
}

/**
 * Opens the home named by `--home` / `$GAN_STUDIO_HOME` / the OS default for a CLI command. An empty
 * `$GAN_STUDIO_HOME` counts as unset (`--home ""` is refused as bad usage before this runs).
 * The engine is imported here, not at the top, so that `--help` and a bad flag never pay for loading it.
 */
export async function openCliStudio(parsed: ParsedCommand, extra: CliStudioOptions = {}): Promise<Studio> {
  const backend = backendFlag(parsed);
  const { openStudio } = await import('../engine/studio');
  const env = process.env.GAN_STUDIO_HOME === '' ? { ...process.env, GAN_STUDIO_HOME: undefined } : process.env;
  return openStudio({
    home: resolveHomePath(parsed.home, env),
    face: extra.face ?? 'cli',
    scheduler: extra.scheduler ?? false,
    ...(extra.allowDirs ? { allowDirs: extra.allowDirs } : {}),
    ...(backend ? { backend } : {}),
  });
}
