import { ApiError } from '../../shared/api/errors';
import {
  CYCLEGAN_PRESETS, CYCLEGAN_RESOLUTIONS, cycleganDiffFromDefaults, resolveCycleganConfig, type CycleganRunConfig,
} from '../../shared/domain/cyclegan-config';
import type { Job, JobKind } from '../../shared/domain/job';
import type { CreateCycleganRunInput, RunSummary, TrainCycleganParams } from '../../shared/domain/run';
import type { Db } from '../db/database';
import { getDataset } from '../datasets';
import { assertFilesIntact, datasetChannels, medianSide } from './run-datasets';
import * as runs from './runs-repo';
import { runFolder } from './train-cgan';

/** Fewest images a CycleGAN domain may have (it trains on the training split: the rest is held out for evaluation). */
export const MIN_DOMAIN_IMAGES = 10;

export interface CycleganCreateDeps {
  db: Db;
  home: string;
  app: string;
  enqueue(kind: JobKind, params: Record<string, unknown>, totalSteps: number): Job;
  mustGet(runId: string): RunSummary;
}

/**
 * `runs.create` for CycleGAN: checks both domains (exist, differ, ≥ 10 training images each, files intact),
 * resolves the config (explicit ← preset ← defaults; resolution from the images when neither gives one;
 * 3 channels as soon as one domain has colour, a grey domain is then read as RGB) and queues a `train-cyclegan` job.
 */
export async function createCycleganRun(deps: CycleganCreateDeps, input: CreateCycleganRunInput): Promise<RunSummary> {
  const { db } = deps;
  const domain = (ref: string, role: 'A' | 'B') => {
    const d = getDataset(db, ref);
    if (!d) throw new ApiError('not_found', `no dataset '${ref}' (domain ${role}): list them with 'gan-studio datasets'`);
    if (d.count < MIN_DOMAIN_IMAGES) {
      throw new ApiError('bad_input', `domain ${role} '${d.name}' has ${d.count} image(s): CycleGAN needs at least ${MIN_DOMAIN_IMAGES} per domain`);
    }
    return d;
  };
  const a = domain(input.a, 'A'), b = domain(input.b, 'B');
  if (a.datasetId === b.datasetId) {
    throw new ApiError('bad_input', `'${a.name}' is given as both domain A and domain B: CycleGAN translates between two different datasets`);
  }
  const explicit = { ...input.config };
  if (explicit.resolution !== undefined && !(CYCLEGAN_RESOLUTIONS as readonly number[]).includes(explicit.resolution)) {
    throw new ApiError('bad_input', `CycleGAN does not offer ${explicit.resolution}×${explicit.resolution}: use --resolution ${CYCLEGAN_RESOLUTIONS.join(', ')}`);
  }
  const notes: string[] = [];
  const chA = datasetChannels(db, a.versionId), chB = datasetChannels(db, b.versionId);
  if (explicit.channels === undefined && chA !== chB) {
    notes.push(`domain ${chA === 1 ? `A '${a.name}'` : `B '${b.name}'`} is greyscale and the other has colour: its images are read as RGB (grey in all three channels)`);
  }
  const median = Math.max(medianSide(db, a.versionId), medianSide(db, b.versionId));
  const presetRes = input.preset ? CYCLEGAN_PRESETS[input.preset].resolution : undefined;
  const resolved: Partial<CycleganRunConfig> = {
    ...explicit,
    resolution: (explicit.resolution as CycleganRunConfig['resolution'] | undefined) ?? presetRes ?? CYCLEGAN_RESOLUTIONS.find((r) => r >= Math.min(median, 128)) ?? 128,
    channels: explicit.channels ?? (Math.max(chA, chB) as 1 | 3),
  };
  let config = resolveCycleganConfig(input.preset, resolved);
  const train = Math.min(a.split.train, b.split.train);
  if (config.batch > train) {
    if (explicit.batch !== undefined) throw new ApiError('bad_input', `--batch ${config.batch} is larger than the smaller domain's ${train} training images: pass --batch ${train} or less`);
    notes.push(`batch lowered from ${config.batch} to ${train}: the smaller domain has only ${train} training images`);
    config = { ...config, batch: train };
  }
  await assertFilesIntact(db, a.versionId);
  await assertFilesIntact(db, b.versionId);
  const params: TrainCycleganParams = { versionA: a.versionId, versionB: b.versionId, config };
  const job = db.transaction(() => {
    const j = deps.enqueue('train-cyclegan', params, config.steps);
    runs.insertRun(db, {
      runId: j.jobId, kind: 'cyclegan', config, configDiff: cycleganDiffFromDefaults(config), preset: input.preset ?? null, app: deps.app,
      datasets: [{ role: 'a', ref: input.a, versionId: a.versionId, name: a.name }, { role: 'b', ref: input.b, versionId: b.versionId, name: b.name }],
      runDir: runFolder(deps.home, j.jobId), classNames: [],
    });
    for (const n of notes) runs.addWarning(db, j.jobId, 0, 'adjusted', n);
    return j;
  })();
  return deps.mustGet(job.jobId);
}

/** A CycleGAN run's config and job params for `runs.resume` to `steps` in total. */
export function cycleganResumeParams(run: RunSummary & { kind: 'cyclegan' }, steps: number | undefined) {
  const config: CycleganRunConfig = { ...run.config, steps: steps ?? run.config.steps };
  const role = (r: string): string => run.datasets.find((d) => d.role === r)!.versionId;
  const params: TrainCycleganParams = { versionA: role('a'), versionB: role('b'), config };
  return { config, diff: cycleganDiffFromDefaults(config), params };
}
