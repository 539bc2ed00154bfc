import { totalEvaluationSteps } from './evaluator-config';
import type * as tfType from '@tensorflow/tfjs';
import type { EvaluateParams, EvaluationResult } from '../../shared/domain/evaluation';
import { Rng } from '../training/rng';
import { augmentedCopies } from './augmented-copies';
import { disposeClassifier } from './classifier';
import { computeQuality } from './quality';
import { concatSets, rowsOfClass, type ImageSet } from './image-set';
import { armResult, mixedResult, perClassAccuracy, recommendRatio, sumConfusion, summarize } from './summarize';
import { extractFeatures, testClassifier, trainArm, uploadSet, type ArmTest } from './train-arm';
import { sampleWithoutReplacement } from './feature-metrics';
import { wilson } from './stats';

type Tf = typeof tfType;

export interface EvaluateSets {
  real: ImageSet;
  test: ImageSet;
  synth: ImageSet;
  testInfo: { datasetId: string; versionId: string; source: 'holdout' | 'dataset' };
}

export interface EvaluateHooks {
  checkpoint: () => Promise<'continue' | 'stop'>;
  /** Optimizer steps done over the whole evaluation, of `total`. */
  progress: (done: number, total: number, metrics: Record<string, number>) => void;
  log: (message: string) => void;
}

/**
 * Runs a whole evaluation on decoded sets: per seed, the classifier trained on real only, on real + synthetic at
 * each ratio, on synthetic only, and (unless `params.baseline` is 'none') on real + augmented copies of the real
 * images, as many per class as the largest ratio took samples; each for `params.steps` steps and tested on
 * `sets.test`. Then the quality measures in the feature space of the first seed's real-only classifier. Returns
 * null when stopped (nothing kept).
 */
export async function evaluateSets(tf: Tf, params: EvaluateParams, sets: EvaluateSets, hooks: EvaluateHooks): Promise<EvaluationResult | null> {
  const started = Date.now();
  const K = params.classNames.length;
  const realRows = Array.from({ length: sets.real.count }, (_, i) => i);
  const synthRows = Array.from({ length: sets.synth.count }, (_, i) => sets.real.count + i);
  // One fixed subset of synthetic rows per ratio (per class R × real), shared by every seed: seeds then differ
  // only in initialisation and batch order.
  const pick = new Rng(12345, 5);
  const byClassSynth = Array.from({ length: K }, (_, k) => sampleWithoutReplacement(rowsOfClass(sets.synth, k), Number.MAX_SAFE_INTEGER, pick)
    .map((r) => sets.real.count + r));
  const realPerClass = Array.from({ length: K }, (_, k) => rowsOfClass(sets.real, k).length);
  const mixes = params.ratios.map((ratio) => {
    const perClass = byClassSynth.map((rows, k) => Math.min(rows.length, Math.round(ratio * realPerClass[k]!)));
    const taken = byClassSynth.flatMap((rows, k) => rows.slice(0, perClass[k]));
    return { ratio, rows: [...realRows, ...taken], actualRatio: taken.length / Math.max(1, sets.real.count), perClass };
  });
  // The reference: the largest mix again, with each class's samples replaced by as many augmented real images.
  const largest = mixes.at(-1)!;
  const kind = params.baseline === 'none' ? null : params.baseline;
  const copies = kind ? augmentedCopies(sets.real, K, (k) => largest.perClass[k]!, kind === 'shift-flip', new Rng(12345, 7)) : null;
  const pool = concatSets(copies ? [sets.real, sets.synth, copies] : [sets.real, sets.synth]);
  const copyRows = Array.from({ length: copies?.count ?? 0 }, (_, i) => sets.real.count + sets.synth.count + i);
  // Per-class counts grow with the ratio, so two ratios with as many synthetic rows train on the same set: the
  // later one reuses the earlier one's classifiers (same seeds) instead of training them again.
  const sameAs = mixes.map((m, i) => mixes.findIndex((o, j) => j < i && o.rows.length === m.rows.length));
  const arms = [{ name: 'real only', rows: realRows, copyOf: -1 },
    ...mixes.map((m, i) => ({ name: `ratio ${m.ratio}`, rows: m.rows, copyOf: sameAs[i]! >= 0 ? sameAs[i]! + 1 : -1 })),
    { name: 'synthetic only', rows: synthRows, copyOf: -1 },
    ...(copies ? [{ name: 'augmented copies', rows: [...realRows, ...copyRows], copyOf: -1 }] : [])];
  const synthArm = mixes.length + 1, copiesArm = synthArm + 1;
  const tests: ArmTest[][] = arms.map(() => []);
  const total = totalEvaluationSteps(params);
  const test = uploadSet(tf, sets.test);
  let realFeatures: Float32Array[] = [], synthFeatures: Float32Array[] = [];
  let done = 0;
  try {
    for (const seed of params.seeds) {
      for (const [a, arm] of arms.entries()) {
        if (arm.copyOf >= 0) {
          tests[a]!.push(tests[arm.copyOf]!.at(-1)!);
          done += params.steps;
          hooks.progress(done, total, {});
          continue;
        }
        const c = await trainArm({
          tf, pool, rows: arm.rows, classes: K, seed, steps: params.steps, checkpoint: hooks.checkpoint,
          onStep: (_s, loss) => hooks.progress(++done, total, loss === null ? {} : { loss, arm: a, seed }),
        });
        if (!c) return null;
        try {
          const t = await testClassifier(tf, c, test);
          tests[a]!.push(t);
          hooks.log(`seed ${seed}, ${arm.name}: ${(100 * t.correct / Math.max(1, t.total)).toFixed(1)}% of ${t.total} test images`);
          if (a === 0 && seed === params.seeds[0]) {
            const r = uploadSet(tf, sets.real), s = uploadSet(tf, sets.synth);
            try {
              realFeatures = await extractFeatures(tf, c, r);
              synthFeatures = await extractFeatures(tf, c, s);
            } finally {
              r.dispose();
              s.dispose();
            }
          }
        } finally {
          disposeClassifier(c);
        }
      }
    }
  } finally {
    test.dispose();
  }
  const realOnly = armResult(tests[0]!);
  const mixed = mixes.map((m, i) => mixedResult(m.ratio, m.actualRatio, tests[i + 1]!, realOnly, tests[0]));
  const synthOnly = armResult(tests[synthArm]!);
  const confusion = {
    realOnly: sumConfusion(tests[0]!, K),
    realPlusSynthetic: mixes.map((m, i) => ({ ratio: m.ratio, matrix: sumConfusion(tests[i + 1]!, K) })),
    syntheticOnly: sumConfusion(tests[synthArm]!, K),
  };
  const baseline = kind && {
    ...mixedResult(largest.ratio, largest.actualRatio, tests[copiesArm]!, realOnly, tests[0]), kind,
    perClass: perClassAccuracy(sumConfusion(tests[copiesArm]!, K)),
  };
  const accRo = perClassAccuracy(confusion.realOnly), accSo = perClassAccuracy(confusion.syntheticOnly);
  const accMix = confusion.realPlusSynthetic.map((m) => perClassAccuracy(m.matrix));
  const perClass = params.classNames.map((name, k) => ({
    name, count: confusion.realOnly[k]!.reduce((x, y) => x + y, 0) / params.seeds.length, realOnly: accRo[k]!,
    realPlusSynthetic: mixes.map((m, i) => ({ ratio: m.ratio, acc: accMix[i]![k]! })), syntheticOnly: accSo[k]!,
  }));
  const n = sets.test.count;
  const ci = wilson(Math.round(realOnly.accMean * n), n);
  const notes = [...params.notes];
  mixes.forEach((m, i) => {
    if (m.actualRatio < m.ratio - 1e-9) notes.push(`ratio ${m.ratio}: the batches hold too few samples for it, so ${m.actualRatio.toFixed(2)} synthetic per real image were used`);
    const j = sameAs[i]!;
    if (j >= 0) notes.push(`ratio ${m.ratio} trains on the same images as ratio ${mixes[j]!.ratio}: its result is that ratio's`);
  });
  if (n < 200) notes.push(`the test set has only ${n} images: a single accuracy is uncertain by ±${(50 * (ci.hi - ci.lo)).toFixed(1)} points (95%); name a larger labeled test dataset with --test for a sharper answer`);
  const recommendedRatio = recommendRatio(mixed, (ci.hi - ci.lo) / 2, n);
  const partial = {
    test: { ...sets.testInfo, count: n, halfWidth95: (ci.hi - ci.lo) / 2 },
    realOnly, realPlusSynthetic: mixed, syntheticOnly: { ...synthOnly, samples: sets.synth.count }, ...(baseline ? { baseline } : {}),
    perClass, recommendedRatio,
  };
  return {
    ...partial,
    quality: computeQuality(realFeatures, sets.real.labels, synthFeatures, sets.synth.labels, K),
    confusion, summary: summarize(partial),
    realTrain: { count: sets.real.count, perClass: realPerClass }, seeds: params.seeds, steps: params.steps, notes,
    seconds: (Date.now() - started) / 1000,
  };
}
