import * as tf from '@tensorflow/tfjs';
import { createAdam, type Adam } from '../../compute/ops/adam';
import { l1, mseTo } from '../../compute/ops/losses';
import { gradsOf } from './cgan-step';
import {
  buildPatchDiscriminator, buildResnetGenerator, patchDiscriminatorVariables, patchScores, resnetGeneratorVariables, translate,
  type CycleGanConfig, type PatchDiscriminator, type ResnetGenerator,
} from './cyclegan';

/** Both generators (A→B, B→A), both discriminators, one optimiser per side as in PyTorch's CycleGAN. */
export interface CycleGanTrainer {
  gAB: ResnetGenerator;
  gBA: ResnetGenerator;
  dA: PatchDiscriminator;
  dB: PatchDiscriminator;
  optG: Adam;
  optD: Adam;
  dispose(): void;
}

/** Loss weights: cycle L1 × λ, identity L1 × λ/2. */
const LAMBDA = 10;

export function buildCycleGanTrainer(cfg: CycleGanConfig): CycleGanTrainer {
  const gAB = buildResnetGenerator(cfg), gBA = buildResnetGenerator(cfg);
  const dA = buildPatchDiscriminator(cfg), dB = buildPatchDiscriminator(cfg);
  const optG = createAdam([...resnetGeneratorVariables(gAB), ...resnetGeneratorVariables(gBA)]);
  const optD = createAdam([...patchDiscriminatorVariables(dA), ...patchDiscriminatorVariables(dB)]);
  return {
    gAB, gBA, dA, dB, optG, optD,
    dispose() {
      optG.dispose();
      optD.dispose();
      for (const v of [...optG.vars, ...optD.vars]) v.dispose();
    },
  };
}

/**
 * One CycleGAN step: generators first (LSGAN + cycle + identity), then discriminators on real vs the fakes just
 * made (detached). `a`, `b`: [B, S, S, C] in [-1, 1]. Returns the losses; leaves no tensors.
 */
export function cycleGanTrainStep(t: CycleGanTrainer, a: tf.Tensor4D, b: tf.Tensor4D): { lossG: number; lossD: number } {
  const losses = tf.tidy(() => {
    let fakeA: tf.Tensor4D | null = null, fakeB: tf.Tensor4D | null = null;
    const g = gradsOf(() => {
      // Each generator translates its real input and the identity input in one batch of 2B: instance norm is per
      // sample, so this equals PyTorch's separate g_ab(a), g_ab(b) calls, with half the kernel calls.
      const B = a.shape[0];
      const [fb, idtB] = tf.split(translate(t.gAB, tf.concat([a, b], 0)), [B, B], 0) as [tf.Tensor4D, tf.Tensor4D];
      const [fa, idtA] = tf.split(translate(t.gBA, tf.concat([b, a], 0)), [B, B], 0) as [tf.Tensor4D, tf.Tensor4D];
      // kept past the gradient scope: the D update reuses them, as PyTorch's fake.detach() does
      fakeB = tf.keep(fb);
      fakeA = tf.keep(fa);
      const adv = tf.add(mseTo(patchScores(t.dB, fb), 1), mseTo(patchScores(t.dA, fa), 1));
      const cyc = tf.add(l1(translate(t.gBA, fb), a), l1(translate(t.gAB, fa), b));
      const idt = tf.add(l1(idtB, b), l1(idtA, a));
      return tf.addN([adv, tf.mul(cyc, LAMBDA), tf.mul(idt, LAMBDA / 2)]) as tf.Scalar;
    }, t.optG.vars);
    t.optG.apply(g.grads);
    const fa = fakeA as unknown as tf.Tensor4D, fb = fakeB as unknown as tf.Tensor4D;
    const d = gradsOf(() => {
      // real and fake as one batch of 2B: instance norm is per sample, so this equals two passes, with half the calls
      const side = (d: PatchDiscriminator, real: tf.Tensor4D, fake: tf.Tensor4D): tf.Scalar => {
        const B = real.shape[0];
        const scores = patchScores(d, tf.concat([real, fake], 0)); // [2B, 8, 8, 1]
        const [sr, sf] = tf.split(scores, [B, B], 0);
        return tf.mul(tf.add(mseTo(sr!, 1), mseTo(sf!, 0)), 0.5);
      };
      return tf.add(side(t.dA, a, fa), side(t.dB, b, fb)) as tf.Scalar;
    }, t.optD.vars);
    t.optD.apply(d.grads);
    fa.dispose();
    fb.dispose();
    return tf.stack([g.value, d.value]);
  });
  const [lossG, lossD] = losses.dataSync();
  losses.dispose();
  return { lossG: lossG!, lossD: lossD! };
}
