import * as tf from '@tensorflow/tfjs';
import { FASHION_MNIST_CLASSES } from '../engine/datasets/fashion-mnist';
import type { BenchValue, WorkloadDef, WorkloadSession } from './bench-types';
import { Rng } from '../engine/training/rng';
import { evaluateSets, type EvaluateSets } from '../engine/evaluation/evaluate';
import { defaultSteps } from '../engine/evaluation/resolve-evaluate';
import { hasFashionMnist, readFashionMnistSet } from '../engine/evaluation/fashion-mnist-sets';
import type { ImageSet } from '../engine/evaluation/image-set';
import { DEFAULT_EVAL_BASELINE, type EvaluateParams } from '../shared/domain/evaluation';

const PER_CLASS_REAL = 100, PER_CLASS_SYNTH = 500;

/** Random 28 px images with labels: the bench's stand-in when Fashion-MNIST is not installed (timing is the same). */
function noiseSet(perClass: number, seed: number): ImageSet {
  const rng = new Rng(seed, 3);
  const count = perClass * 10, pixels = new Uint8Array(count * 784), labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 10;
    for (let p = 0; p < 784; p++) pixels[i * 784 + p] = rng.int(256);
  }
  return { resolution: 28, channels: 1, count, pixels, labels };
}

/**
 * The evaluate5k sets: 100 real and 500 "synthetic" images per class, tested on the 10,000 official test images.
 * The synthetic stand-in is 500 further REAL images per class (no generator is involved in a timing), so the
 * line also shows the best gain any synthetic data could give.
 */
export function evaluate5kSets(): EvaluateSets & { source: string } {
  if (hasFashionMnist()) {
    return {
      real: readFashionMnistSet('train', { perClass: PER_CLASS_REAL }),
      synth: readFashionMnistSet('train', { perClass: PER_CLASS_SYNTH, skip: PER_CLASS_REAL }),
      test: readFashionMnistSet('t10k'),
      testInfo: { datasetId: 'fashion-mnist-t10k', versionId: 'fashion-mnist-t10k', source: 'dataset' }, source: 'fashion-mnist',
    };
  }
  return { real: noiseSet(PER_CLASS_REAL, 1), synth: noiseSet(PER_CLASS_SYNTH, 2), test: noiseSet(1000, 3),
    testInfo: { datasetId: 'noise', versionId: 'noise', source: 'dataset' }, source: 'random pixels (dataset-fashion-mnist missing)' };
}

/** The parameters a default `gan-studio evaluate --seeds 3` would get for these sets. */
export function evaluate5kParams(seeds = 3): EvaluateParams {
  return {
    datasetVersionId: 'bench', testVersionId: 'bench', batchIds: ['bench'], ratios: [1, 5], seeds: Array.from({ length: seeds }, (_, i) => i + 1),
    steps: defaultSteps(PER_CLASS_REAL * 10, PER_CLASS_SYNTH * 10, 5), classNames: FASHION_MNIST_CLASSES, resolution: 28, channels: 1,
    baseline: DEFAULT_EVAL_BASELINE, notes: [],
  };
}

/**
 * One step = one whole default evaluation (3 seeds × real only, ×1, ×5, synthetic only, augmented copies, then
 * the quality measures) of 100 real + 500 synthetic per class on the active backend. Target: ≤ 5 minutes on 2 cores.
 */
export async function runEvaluate5k(seeds = 3): Promise<Record<string, BenchValue>> {
  const sets = evaluate5kSets();
  const params = evaluate5kParams(seeds);
  const r = await evaluateSets(tf, params, sets, { checkpoint: async () => 'continue', progress: () => undefined, log: () => undefined });
  if (!r) throw new Error('evaluate5k was stopped');
  return {
    data: sets.source, seeds, steps_per_arm: params.steps, real_only_acc: r.realOnly.accMean, real_only_sd: r.realOnly.accSd,
    gain_ratio5: r.realPlusSynthetic.find((m) => m.ratio === 5)?.gain ?? null, cas_acc: r.syntheticOnly.accMean,
    baseline_gain_ratio5: r.baseline?.gain ?? null, seconds: r.seconds,
  };
}

/** The bench registry entry (bench/workloads.ts adds it with one line). */
export const EVALUATE5K_WORKLOAD: WorkloadDef = {
  description: 'a default 3-seed evaluation (real only, ×1, ×5, synthetic only, augmented copies) of 100 real + 500 synthetic per class, tested on 10,000 images',
  imagesPerStep: 6000, steps: 1, warmup: 0, ownProcess: true,
  setup(): WorkloadSession {
    let extras: Record<string, BenchValue> = {};
    return {
      async step() {
        extras = await runEvaluate5k();
      },
      extras: () => extras,
      dispose: () => undefined,
    };
  },
};
