import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import { MAX_PER_CLASS, type GenerateInput } from '../../shared/domain/sample';
import type { RunSummary } from '../../shared/domain/run';
import type { Db } from '../db/database';
import { checkpointDir } from '../training/checkpoint';
import { getRun } from '../training/runs-repo';

/** A run and the checkpoint of it that generation can read. */
export function requireRun(db: Db, runId: string): RunSummary {
  const run = getRun(db, runId);
  if (!run) throw new ApiError('not_found', `no run ${runId}: list them with 'gan-studio runs'`);
  if (run.deletedAt) throw new ApiError('conflict', `run ${runId} was deleted (${run.deletedAt}): its checkpoints are gone; its batches are kept`);
  return run;
}

/**
 * Resolves `latest` or a step to a checkpoint whose generator weights exist on disk.
 * @throws ApiError not_found for a missing or deleted checkpoint, conflict when the run has none yet.
 */
export function resolveCheckpoint(run: RunSummary, ref: number | 'latest'): number {
  const readable = run.checkpoints.filter((s) => existsSync(join(checkpointDir(run.runDir, s), 'weights.bin')));
  if (ref === 'latest') {
    const latest = readable.at(-1);
    if (latest === undefined) throw new ApiError('conflict', `run ${run.runId} has no checkpoint yet: train it further (or wait for its first checkpoint)`);
    return latest;
  }
  if (!readable.includes(ref)) {
    const known = readable.length ? `its checkpoints are ${readable.join(', ')}` : 'it has no readable checkpoint';
    throw new ApiError('not_found', `run ${run.runId} has no checkpoint at step ${ref} (never saved or deleted): ${known}`);
  }
  return ref;
}

/** Class names or indices → indices of the run's classes (all when none given). @throws ApiError bad_input. */
export function resolveClasses(run: RunSummary, refs: string[] | undefined): number[] {
  if (!refs || refs.length === 0) return run.classNames.map((_, i) => i);
  const out = new Set<number>();
  for (const ref of refs) {
    let i = run.classNames.indexOf(ref);
    if (i < 0 && /^\d+$/.test(ref) && Number(ref) < run.classNames.length) i = Number(ref);
    if (i < 0) throw new ApiError('bad_input', `run ${run.runId} has no class '${ref}': its classes are ${run.classNames.map((c) => `'${c}'`).join(', ')}`);
    out.add(i);
  }
  return [...out].sort((a, b) => a - b);
}

/** @throws ApiError bad_input unless 1 ≤ perClass ≤ MAX_PER_CLASS. */
export function checkPerClass(perClass: GenerateInput['perClass']): void {
  if (!Number.isInteger(perClass) || perClass <= 0) throw new ApiError('bad_input', `--per-class must be at least 1, not ${perClass}`);
  if (perClass > MAX_PER_CLASS) throw new ApiError('bad_input', `--per-class ${perClass} is above the limit of ${MAX_PER_CLASS.toLocaleString('en')} per class per batch: split it into several batches`);
}
