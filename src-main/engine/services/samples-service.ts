import { randomInt } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import type { Job, JobKind } from '../../shared/domain/job';
import type { CganRunConfig } from '../../shared/domain/run-config';
import type { GenerateInput, GenerateParams, SampleBatch } from '../../shared/domain/sample';
import type { Handlers } from '../api/dispatch';
import type { Db } from '../db/database';
import { assertFreeSpace } from '../generation/disk-space';
import { LATENT_RNG } from '../generation/latents';
import { checkPerClass, requireRun, resolveCheckpoint, resolveClasses } from '../generation/resolve-generate';
import { fillSampleBytes } from '../generation/sample-bytes';
import * as repo from '../generation/samples-repo';

type SampleCall = 'samples.generate' | 'samples.batch' | 'samples.batches' | 'samples.cancel' | 'samples.deleteBatch' | 'samples.list'
  | 'samples.setKept' | 'samples.image' | 'samples.counts' | 'samples.nearestReal' | 'samples.interpolate' | 'samples.varyDim';

export interface SamplesServiceDeps {
  db: Db;
  home: string;
  app: string;
  enqueue(kind: JobKind, params: Record<string, unknown>, totalSteps: number): Job;
  control(jobId: string, action: 'pause' | 'resume' | 'stop'): Job;
}

/** API handlers of generation and the gallery. A batch is a `generate` job plus its sample_batches row. */
export function createSamplesHandlers(deps: SamplesServiceDeps): Pick<Handlers, SampleCall> {
  const { db, home } = deps;
  const mustBatch = (batchId: string): SampleBatch => {
    const b = repo.getBatch(db, batchId);
    if (!b) throw new ApiError('not_found', `no batch ${batchId}: generate one with 'gan-studio generate <runId> --per-class N'`);
    return b;
  };
  const mustSample = (sampleId: number) => {
    const s = repo.getSample(db, sampleId);
    if (!s) throw new ApiError('not_found', `no sample ${sampleId}`);
    return s;
  };

  async function generate(input: GenerateInput): Promise<SampleBatch> {
    checkPerClass(input.perClass);
    const run = requireRun(db, input.runId);
    if (run.kind !== 'cgan') throw new ApiError('bad_input', `run ${run.runId} is a ${run.kind} run: generate needs a cGAN run (CycleGAN runs translate)`);
    const step = resolveCheckpoint(run, input.checkpoint);
    const classIndices = resolveClasses(run, input.classes);
    const R = run.config.resolution, C = run.config.channels;
    // PNG of noise-free GAN output compresses to well under raw size; raw size bounds it.
    await assertFreeSpace(home, input.perClass * classIndices.length * (R * R * C + 300));
    const params: GenerateParams = {
      runId: run.runId, checkpointStep: step, weights: input.weights, seed: input.seed ?? randomInt(2 ** 31 - 1),
      truncation: input.truncation ?? null, perClass: input.perClass, classIndices,
    };
    // The generator's modules load tfjs: imported by the calls that use them, not by listing batches (issue 15).
    const [{ GENERATION_CHUNK }, { BN_REFERENCE }] = await Promise.all([import('../generation/generate-batch'), import('../generation/frozen-forward')]);
    const job = db.transaction(() => {
      const j = deps.enqueue('generate', params, params.perClass * classIndices.length);
      repo.insertBatch(db, {
        batchId: j.jobId, runId: run.runId, checkpointStep: step, weights: params.weights, seed: params.seed, truncation: params.truncation,
        perClass: params.perClass, resolution: R, channels: C, datasetVersionId: run.datasets[0]!.versionId,
        classes: classIndices.map((i) => ({ index: i, name: run.classNames[i]! })),
        snapshot: { config: run.config as unknown as Record<string, unknown>, classNames: run.classNames, datasets: run.datasets },
        recipe: { rng: LATENT_RNG, chunk: GENERATION_CHUNK, bnReference: BN_REFERENCE, app: deps.app, tfjs: null, backend: null },
      });
      return j;
    })();
    return mustBatch(job.jobId);
  }

  /** Deletes a batch whose samples no export contains; blobs no other sample shares go too. */
  async function deleteBatch(batchId: string): Promise<{ deleted: number }> {
    const batch = mustBatch(batchId);
    if (batch.status === 'running' || batch.status === 'queued' || batch.status === 'paused') {
      throw new ApiError('conflict', `batch ${batchId} is ${batch.status}: cancel it first`);
    }
    const exported = db.prepare(`SELECT COUNT(*) AS n FROM export_files f JOIN samples s ON s.sample_id = f.sample_id WHERE s.batch_id = ?`).get(batchId) as { n: number };
    if (exported.n > 0) throw new ApiError('conflict', `batch ${batchId} has ${exported.n} exported file(s): their lineage needs it, so it is kept`);
    const paths = db.transaction(() => {
      const rows = db.prepare(`SELECT path FROM samples s WHERE batch_id = ? AND NOT EXISTS
        (SELECT 1 FROM samples o WHERE o.sha256 = s.sha256 AND o.batch_id <> s.batch_id)`).all(batchId) as { path: string }[];
      db.prepare('DELETE FROM sample_batches WHERE batch_id = ?').run(batchId);
      return rows.map((r) => r.path);
    })();
    for (const p of paths) await rm(join(home, p), { force: true });
    return { deleted: batch.count };
  }

  const exploreStep = (runId: string, ref: number | 'latest') => {
    const run = requireRun(db, runId);
    if (run.kind !== 'cgan') throw new ApiError('bad_input', `run ${run.runId} is a ${run.kind} run: latent exploration needs a cGAN run`);
    return { run, step: resolveCheckpoint(run, ref) };
  };
  const classOf = (runId: string, ref: string) => resolveClasses(requireRun(db, runId), [ref])[0]!;
  const png = (base64: string) => ({ mime: 'image/png' as const, base64 });

  return {
    'samples.generate': (input) => generate(input),
    // Both report disk use: rows from before it was recorded are measured once first.
    'samples.batch': async ({ batchId }) => {
      await fillSampleBytes(db, home);
      return mustBatch(batchId);
    },
    'samples.batches': async ({ runId }) => {
      await fillSampleBytes(db, home);
      return { batches: repo.listBatches(db, runId) };
    },
    'samples.cancel': ({ batchId }) => {
      const b = mustBatch(batchId);
      if (b.status === 'running' || b.status === 'queued' || b.status === 'paused') deps.control(batchId, 'stop');
      return mustBatch(batchId);
    },
    'samples.deleteBatch': ({ batchId }) => deleteBatch(batchId),
    'samples.list': ({ batchId, ...o }) => repo.listSamples(db, mustBatch(batchId).batchId, o),
    'samples.setKept': ({ sampleIds, kept }) => ({ updated: repo.setKept(db, sampleIds, kept) }),
    'samples.image': async ({ sampleId }) => png((await readFile(join(home, mustSample(sampleId).path))).toString('base64')),
    'samples.counts': async ({ batchId }) => ({ classes: (await import('../generation/compare')).classCounts(db, mustBatch(batchId)) }),
    'samples.nearestReal': async ({ sampleId, k, sameClass }) => {
      const s = mustSample(sampleId);
      const { nearestReal } = await import('../generation/compare');
      return { neighbours: await nearestReal(db, home, mustBatch(s.batchId), s, k, sameClass) };
    },
    'samples.interpolate': async (i) => {
      const { run, step } = exploreStep(i.runId, i.checkpoint);
      const { interpolateSeeds } = await import('../generation/latent-explore');
      const images = await interpolateSeeds(run, { step, weights: i.weights, classIndex: classOf(i.runId, i.class), seedA: i.seedA, seedB: i.seedB,
        steps: i.steps, truncation: i.truncation });
      return { images: images.map(png) };
    },
    'samples.varyDim': async (i) => {
      const { run, step } = exploreStep(i.runId, i.checkpoint);
      const zDim = (run.config as CganRunConfig).zDim;
      if (i.dim >= zDim) throw new ApiError('bad_input', `dim ${i.dim} is outside the latent: run ${run.runId} has ${zDim} dimensions (0–${zDim - 1})`);
      const { varyDimension } = await import('../generation/latent-explore');
      const images = await varyDimension(run, { step, weights: i.weights, classIndex: classOf(i.runId, i.class), seed: i.seed, sampleIndex: i.sampleIndex,
        dim: i.dim, values: i.values });
      return { images: images.map(png) };
    },
  };
}
