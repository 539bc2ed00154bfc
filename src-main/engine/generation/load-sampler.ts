import { ApiError } from '../../shared/api/errors';
import type { WeightsKind } from '../../shared/domain/sample';
import type { Sampler } from '../models/model';
import { mustFindModel } from '../models/registry';
import { readCheckpointWeights } from '../training/checkpoint';

/** What loading a run's generator needs of the run (a RunSummary or a batch's snapshot of it). */
export interface SamplerSource {
  runId: string;
  kind: string;
  runDir: string;
  config: Record<string, unknown>;
  classNames: string[];
}

/**
 * The sampler of a checkpoint of a generating model, with the EMA or raw weights.
 * @throws ApiError bad_input for a model that does not generate (CycleGAN translates).
 */
export async function loadSampler(run: SamplerSource, step: number, weights: WeightsKind): Promise<Sampler> {
  const spec = mustFindModel(run.kind);
  const model = await spec.load();
  if (!model.loadSampler) throw new ApiError('bad_input', `run ${run.runId} is a ${spec.title} run: it translates images, it does not generate (use translate)`);
  const cfg = spec.schema.parse({ ...spec.defaults, ...run.config });
  const stored = await readCheckpointWeights(run.runDir, step);
  return model.loadSampler(cfg as never, run.classNames.length, stored, weights);
}

/** Images [B, R, R, C] in [-1, 1] → uint8, rounded as the sample grids are. */
export function toUint8(pixels: Float32Array): Uint8Array {
  const out = new Uint8Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = Math.max(0, Math.min(255, Math.round((pixels[i]! + 1) * 127.5)));
  return out;
}
