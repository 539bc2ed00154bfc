import type { EvaluationResult } from '../../shared/domain/evaluation';
import { EVALUATOR_CONFIG } from './evaluator-config';
import { diversityRatio, frechetDistance, kernelDistance, memorization, precisionRecall } from './feature-metrics';

/** Says which space the measures live in: there is no pretrained network offline, so it is our own classifier's. */
export const FEATURE_SPACE = `penultimate layer (${EVALUATOR_CONFIG.features} ReLU units) of the evaluator's real-only classifier, first seed, `
  + 'trained on this dataset\'s real images, scaled so the real features have unit mean square; real reference = those same images';

/**
 * Divides every feature by the real features' root mean square (one scalar), so that Fréchet distance and KID
 * do not depend on how large this classifier's activations happen to be, and the cubic KID kernel
 * (x·y/d + 1)³ sees values near 1 (unscaled, its estimate swung to −3.9 on further real images).
 */
export function scaleFeatures(real: Float32Array[], synth: Float32Array[]): { real: Float32Array[]; synth: Float32Array[] } {
  let sum = 0, n = 0;
  for (const r of real) for (const x of r) {
    sum += x * x;
    n++;
  }
  const rms = Math.sqrt(sum / Math.max(1, n));
  if (!(rms > 0)) return { real, synth };
  const scale = (rows: Float32Array[]): Float32Array[] => rows.map((r) => r.map((x) => x / rms));
  return { real: scale(real), synth: scale(synth) };
}

const finite = (x: number, fallback = 0): number => (Number.isFinite(x) ? x : fallback);

/**
 * Sample-quality measures of synthetic vs real features: Fréchet distance, KID, k-NN precision/recall (k = 3),
 * within-class diversity ratio and the memorisation check. Non-finite values (too few images) are reported as 0.
 */
export function computeQuality(rawReal: Float32Array[], realLabels: Int32Array, rawSynth: Float32Array[], synthLabels: Int32Array, classes: number):
  EvaluationResult['quality'] {
  const d = rawReal[0]?.length ?? EVALUATOR_CONFIG.features;
  const { real, synth } = scaleFeatures(rawReal, rawSynth);
  if (real.length < 2 || synth.length < 2) {
    return { featureSpace: FEATURE_SPACE, fd: 0, kid: 0, precision: 0, recall: 0, diversityRatio: 0, diversityPerClass: [],
      memorization: { nearestReal: 0, realToReal: 0, ratio: 0, copies: 0 } };
  }
  const pr = precisionRecall(real, synth, { k: 3 });
  const div = diversityRatio({ rows: real, labels: realLabels, d }, { rows: synth, labels: synthLabels, d }, classes);
  const mem = memorization(real, synth);
  return {
    featureSpace: FEATURE_SPACE,
    fd: finite(frechetDistance(real, synth, d)),
    kid: finite(kernelDistance(real, synth, d)),
    precision: finite(pr.precision), recall: finite(pr.recall),
    diversityRatio: finite(div.ratio), diversityPerClass: div.perClass,
    memorization: { nearestReal: finite(mem.nearestReal), realToReal: finite(mem.realToReal), ratio: finite(mem.ratio), copies: finite(mem.copies) },
  };
}
