import type { EvaluationResult } from '../../shared/domain/evaluation';
import { EVALUATOR_CONFIG } from './classifier';
import { diversityRatio, frechetDistance, kernelDistance, memorization, precisionRecall } from './feature-metrics';

/** Says which space the measures live in: there is no pretrained network offline, so it is our own classifier's. */
export const FEATURE_SPACE = `penultimate layer (${EVALUATOR_CONFIG.features} ReLU units) of the evaluator's real-only classifier, first seed, `
  + 'trained on this dataset\'s real TRAIN images; real reference = those same images';

const finite = (x: number, fallback = 0): number => (Number.isFinite(x) ? x : fallback);

/**
 * Sample-quality measures of synthetic vs real features: Fréchet distance, KID, k-NN precision/recall (k = 3),
 * within-class diversity ratio and the memorisation check. Non-finite values (too few images) are reported as 0.
 */
export function computeQuality(real: Float32Array[], realLabels: Int32Array, synth: Float32Array[], synthLabels: Int32Array, classes: number):
  EvaluationResult['quality'] {
  const d = EVALUATOR_CONFIG.features;
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
