import { randomInt } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import { isLiveStatus } from '../../shared/domain/job';
import type { GenerateInput, GenerateParams, SampleBatch, TranslateInput, WeightsKind } from '../../shared/domain/sample';
import type { Handlers } from '../api/dispatch';
import { assertFreeSpace } from '../generation/disk-space';
import { GENERATION_CHUNK } from '../generation/generate-batch';
import { LATENT_RNG } from '../generation/latents';
import { checkPerClass, requireRun, resolveCheckpoint, resolveClasses } from '../generation/resolve-generate';
import { fillSampleBytes } from '../generation/sample-bytes';
import { resolveFilter } from '../generation/filter/resolve-filter';
import { batchSampling } from '../generation/sampling-settings';
import * as repo from '../generation/samples-repo';
import { mustFindModel } from '../models/registry';
import { withTranslation } from '../translation/translation-target';
import type { JobServiceDeps } from './job-service-deps';

type SampleCall = 'samples.generate' | 'samples.translate' | 'samples.batch' | 'samples.batches' | 'samples.cancel' | 'samples.deleteBatch' | 'samples.list'
  | 'samples.setKept' | 'samples.counts' | 'samples.nearestReal' | 'samples.interpolate' | 'samples.varyDim';

export type SamplesServiceDeps = JobServiceDeps;

/** The weights to sample: a model that offers only some (no EMA) samples those, and the batch records what was used. */
function offeredWeights(spec: { weights?: readonly WeightsKind[] }, asked: WeightsKind): WeightsKind {
  return spec.weights && !spec.weights.includes(asked) ? spec.weights[0]! : asked;
}

/** Database bytes per rejected sample: its rejected_samples row with page overhead (about 75), rounded up. */
const REJECT_ROW_BYTES = 100;

/** API handlers of generation and the gallery. A batch is a `generate` job plus its sample_batches row. */
export function createSamplesHandlers(deps: SamplesServiceDeps): Pick<Handlers, SampleCall> {
  const { db, home } = deps;
  const mustBatch = (batchId: string): SampleBatch => {
    const b = repo.getBatch(db, batchId);
    if (b) return withTranslation(db, b);
    throw new ApiError('not_found', `no batch ${batchId}: generate one with 'gan-studio generate <runId> --per-class N'`);
  };
  const mustSample = (sampleId: number) => {
    const s = repo.getSample(db, sampleId);
    if (!s) throw new ApiError('not_found', `no sample ${sampleId}`);
    return s;
  };

  async function generate(input: GenerateInput): Promise<SampleBatch> {
    checkPerClass(input.perClass);
    const run = requireRun(db, input.runId);
    const spec = mustFindModel(run.kind);
    const filter = resolveFilter(db, run, spec.inference, input);
    if (spec.inference !== 'generate') throw new ApiError('bad_input', `run ${run.runId} is a ${spec.title} run: it translates images (use translate), it does not generate`);
    const step = resolveCheckpoint(run, input.checkpoint);
    const classIndices = resolveClasses(run, input.classes);
    const sampling = batchSampling(run, spec, input.sampling);
    const R = run.config.resolution, C = run.config.channels;
    // PNG of noise-free GAN output compresses to well under raw size; raw size bounds it. A filtered batch also
    // records every reject as a database row, up to maxDrawFactor − 1 per kept sample, and an untrained generator
    // does reach that bound.
    const rejectRows = filter ? filter.maxDrawFactor - 1 : 0;
    await assertFreeSpace(home, input.perClass * classIndices.length * (R * R * C + 300 + rejectRows * REJECT_ROW_BYTES));
    const params: GenerateParams = {
      runId: run.runId, checkpointStep: step, weights: offeredWeights(spec, input.weights), seed: input.seed ?? randomInt(2 ** 31 - 1),
      truncation: input.truncation ?? null, perClass: input.perClass, classIndices, ...(filter ? { filter } : {}),
    };
    const job = db.transaction(() => {
      const j = deps.enqueue('generate', params, params.perClass * classIndices.length);
      repo.insertBatch(db, {
        batchId: j.jobId, runId: run.runId, checkpointStep: step, weights: params.weights, seed: params.seed, truncation: params.truncation,
        perClass: params.perClass, resolution: R, channels: C, datasetVersionId: run.datasets[0]!.versionId,
        classes: classIndices.map((i) => ({ index: i, name: run.classNames[i]! })),
        snapshot: { config: sampling.config, classNames: run.classNames, datasets: run.datasets, ...(sampling.changed ? { sampling: sampling.changed } : {}) },
        // the job records the rest of the recipe (backend, versions, the sampler's frozen-statistics batch) when it loads the model
        recipe: { rng: LATENT_RNG, chunk: GENERATION_CHUNK, bnReference: 1, app: deps.app, tfjs: null, backend: null },
        ...(filter ? { filter } : {}),
      });
      return j;
    })();
    return mustBatch(job.jobId);
  }

  async function translate(input: TranslateInput): Promise<SampleBatch> {
    // translation, like latent exploration, loads its decoders and tfjs when it is asked for, not when a home opens
    const { createTranslation } = await import('../translation/translate');
    const batchId = await createTranslation(db, input, (params, total) => deps.enqueue('translate', params, total).jobId);
    return mustBatch(batchId);
  }

  /** Deletes a batch whose samples no export contains; blobs no other sample shares go too. */
  async function deleteBatch(batchId: string): Promise<{ deleted: number }> {
    const batch = mustBatch(batchId);
    if (isLiveStatus(batch.status)) {
      throw new ApiError('conflict', `batch ${batchId} is ${batch.status}: cancel it first`);
    }
    const exported = repo.exportedSamplesOfBatch(db, batchId);
    if (exported > 0) throw new ApiError('conflict', `batch ${batchId} has ${exported} exported file(s): their lineage needs it, so it is kept`);
    const paths = repo.deleteBatchRows(db, batchId);
    for (const p of paths) await rm(join(home, p), { force: true });
    return { deleted: batch.count };
  }

  /** Where latent exploration samples: the run, its checkpoint step, the weights it offers and the class's index. */
  const exploreAt = (i: { runId: string; checkpoint: number | 'latest'; weights: WeightsKind; class: string }) => {
    const run = requireRun(db, i.runId);
    const spec = mustFindModel(run.kind);
    if (spec.inference !== 'generate') throw new ApiError('bad_input', `run ${run.runId} is a ${spec.title} run: latent exploration needs a generating model`);
    return { run, at: { step: resolveCheckpoint(run, i.checkpoint), weights: offeredWeights(spec, i.weights), classIndex: resolveClasses(run, [i.class])[0]! } };
  };
  const png = (base64: string) => ({ mime: 'image/png' as const, base64 });

  return {
    'samples.generate': (input) => generate(input),
    'samples.translate': (input) => translate(input),
    // Both report disk use: rows from before it was recorded are measured once first.
    'samples.batch': async ({ batchId }) => {
      await fillSampleBytes(db, home);
      return mustBatch(batchId);
    },
    'samples.batches': async ({ runId }) => {
      await fillSampleBytes(db, home);
      return { batches: repo.listBatches(db, runId).map((b) => withTranslation(db, b)) };
    },
    'samples.cancel': ({ batchId }) => {
      const b = mustBatch(batchId);
      if (isLiveStatus(b.status)) deps.control(batchId, 'stop');
      return mustBatch(batchId);
    },
    'samples.deleteBatch': ({ batchId }) => deleteBatch(batchId),
    'samples.list': ({ batchId, ...o }) => repo.listSamples(db, mustBatch(batchId).batchId, o),
    'samples.setKept': ({ sampleIds, kept }) => ({ updated: repo.setKept(db, sampleIds, kept) }),
    // compare.ts decodes images: loaded by the calls that use it, not when a home opens
    'samples.counts': async ({ batchId }) => ({ classes: (await import('../generation/compare')).classCounts(db, mustBatch(batchId)) }),
    'samples.nearestReal': async ({ sampleId, k, sameClass }) => {
      const s = mustSample(sampleId);
      const batch = mustBatch(s.batchId);
      // A translation is compared with the domain it translates into, which has one class of its own.
      const real = batch.targetVersionId ? { ...batch, datasetVersionId: batch.targetVersionId } : batch;
      const { nearestReal } = await import('../generation/compare');
      return { neighbours: await nearestReal(db, home, real, s, k, sameClass && !batch.targetVersionId) };
    },
    'samples.interpolate': async (i) => {
      const { run, at } = exploreAt(i);
      const { interpolateSeeds } = await import('../generation/latent-explore');
      const images = await interpolateSeeds(run, { ...at, seedA: i.seedA, seedB: i.seedB, steps: i.steps, truncation: i.truncation });
      return { images: images.map(png) };
    },
    'samples.varyDim': async (i) => {
      const { run, at } = exploreAt(i);
      const { varyDimension } = await import('../generation/latent-explore');
      const images = await varyDimension(run, { ...at, seed: i.seed, sampleIndex: i.sampleIndex, dim: i.dim, values: i.values });
      return { images: images.map(png) };
    },
  };
}
