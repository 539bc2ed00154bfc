import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ApiError } from '../../shared/api/errors';

/**
 * Checksums of a checkpoint folder: `checksums.json` = the sha256 of every file, written inside the temporary
 * folder before the rename that publishes the checkpoint, so a checkpoint and its checksums appear together.
 * Every load verifies every file first: overwritten bytes in `weights.bin` are found before they train or
 * generate anything. A checkpoint from before the checksums (no manifest) loads as before, its JSON checked.
 */
export const CHECKSUMS_FILE = 'checksums.json';

/** Files the pruning of old full states deletes (checkpoint.ts): absent together with `state-meta.json`, fine. */
const PRUNABLE = new Set(['state-meta.json', 'state.bin', 'state.json']);

interface Manifest {
  version: 1;
  algorithm: 'sha256';
  files: Record<string, string>;
}

/** A checkpoint file does not hold what was written. Names the file and the newest checkpoint that is good. */
export class CheckpointCorruptError extends ApiError {
  constructor(
    readonly file: string,
    detail: string,
    readonly newestGoodStep: number | null,
  ) {
    super(
      'checkpoint_corrupt',
      `checkpoint file ${file} is corrupt (${detail}): ` +
        (newestGoodStep === null
          ? 'no other checkpoint of this run is good'
          : `the newest good checkpoint is step ${newestGoodStep}: generate with --checkpoint ${newestGoodStep}, or delete ${dirname(file)} to resume from it`),
    );
  }
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Hashes every file of the checkpoint folder `dir` into its `checksums.json` (written whole, then renamed). */
export async function writeCheckpointHashes(dir: string): Promise<void> {
  const files: Record<string, string> = {};
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isFile() && e.name !== CHECKSUMS_FILE && !e.name.endsWith('.tmp')) files[e.name] = await sha256File(join(dir, e.name));
  }
  const manifest: Manifest = { version: 1, algorithm: 'sha256', files };
  const tmp = join(dir, `${CHECKSUMS_FILE}.tmp`);
  await writeFile(tmp, JSON.stringify(manifest));
  await rename(tmp, join(dir, CHECKSUMS_FILE));
}

/** The first problem of the checkpoint in `dir`, or null when every file is as written. */
async function findCorruption(dir: string): Promise<{ file: string; detail: string } | null> {
  const manifestPath = join(dir, CHECKSUMS_FILE);
  if (!existsSync(manifestPath)) {
    // From before the checksums: nothing to compare; at least its JSON must read, and a bad one is named.
    for (const name of (await readdir(dir)).filter((n) => n.endsWith('.json')).sort()) {
      try {
        JSON.parse(await readFile(join(dir, name), 'utf8'));
      } catch (err) {
        return { file: join(dir, name), detail: `not valid JSON: ${(err as Error).message}` };
      }
    }
    return null;
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
    if (manifest.algorithm !== 'sha256' || typeof manifest.files !== 'object' || manifest.files === null) throw new Error('unknown layout');
  } catch (err) {
    return { file: manifestPath, detail: `the checksum list cannot be read: ${(err as Error).message}` };
  }
  const pruned = !existsSync(join(dir, 'state-meta.json'));
  for (const [name, expected] of Object.entries(manifest.files).sort()) {
    const file = join(dir, name);
    if (!existsSync(file)) {
      if (pruned && PRUNABLE.has(name)) continue;
      return { file, detail: 'the file is missing' };
    }
    if ((await sha256File(file)) !== expected) return { file, detail: 'its sha256 differs from the one recorded when it was written' };
  }
  return null;
}

/** The newest sibling `step-N` folder of `dir` that verifies, or null. */
async function newestGoodSibling(dir: string): Promise<number | null> {
  const parent = dirname(dir);
  const steps = (await readdir(parent).catch(() => [] as string[]))
    .map((n) => /^step-(\d+)$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null && m[0] !== basename(dir))
    .map((m) => Number(m[1]))
    .sort((a, b) => b - a);
  for (const step of steps) {
    const sibling = join(parent, `step-${String(step).padStart(7, '0')}`);
    if (existsSync(join(sibling, 'weights.bin')) && (await findCorruption(sibling)) === null) return step;
  }
  return null;
}

/**
 * Verifies every file of the checkpoint folder `dir` against its checksums (JSON only, for a checkpoint from
 * before them). Never falls back to another checkpoint: the caller fails, and the error says which one is good.
 * @throws CheckpointCorruptError naming the corrupt file and the newest good step.
 */
export async function verifyCheckpoint(dir: string): Promise<void> {
  const bad = await findCorruption(dir);
  if (bad) throw new CheckpointCorruptError(bad.file, bad.detail, await newestGoodSibling(dir));
}
