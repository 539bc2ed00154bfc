import * as tf from '@tensorflow/tfjs';
import { lrFactor } from '../../shared/domain/cyclegan-config';
import { l1, mseTo } from '../compute/ops/losses';
import type { CycleganLossName } from '../models/cyclegan-model';
import { runDiscriminator, runGenerator } from '../models/cyclegan-networks';
import type { CycleganState } from './cyclegan-state';

/** What one step reports: CYCLEGAN_LOSS_NAMES, the totals and D's mean score on the fakes it saw (health). */
export type CycleganMetrics = Record<CycleganLossName | 'lossG' | 'lossD' | 'dFake' | 'lr', number>;

function gradsOf(f: () => tf.Scalar, vars: tf.Variable[]): { value: tf.Scalar; grads: tf.Tensor[] } {
  const { value, grads } = tf.variableGrads(f, vars);
  return { value, grads: vars.map((v) => grads[v.name]!) };
}

/** LSGAN discriminator loss of real and fake as one batch (instance norm is per sample: same as two passes). */
function dLoss(state: CycleganState, d: CycleganState['nets']['dA'], real: tf.Tensor4D, fake: tf.Tensor4D): { loss: tf.Scalar; fakeScore: tf.Scalar } {
  const B = real.shape[0];
  const [sr, sf] = tf.split(runDiscriminator(state.arch, d, tf.concat([real, fake], 0)), [B, B], 0); // [B, P, P, 1] each
  return { loss: tf.mul(tf.add(mseTo(sr!, 1), mseTo(sf!, 0)), 0.5), fakeScore: tf.mean(sf!) as tf.Scalar };
}

/**
 * One CycleGAN step (the paper's order): both generators (LSGAN + λ·cycle + λ·identity-fraction·identity), then both
 * discriminators on real images vs fakes from their history pools. `a`, `b`: [B, R, R, C] in [-1, 1] (already
 * jittered). Learning rates follow the schedule (constant, then linear to 0). Identity losses: idtA = ‖G_B2A(a) − a‖₁,
 * idtB = ‖G_A2B(b) − b‖₁. Leaves no tensors; one sync for the metrics (plus one to hand the fakes to the pools).
 */
export function cycleganTrainStep(state: CycleganState, a: tf.Tensor4D, b: tf.Tensor4D): CycleganMetrics {
  const { cfg, arch, nets } = state;
  const B = a.shape[0];
  const factor = lrFactor(state.step + 1, cfg.steps, cfg.decayStart);
  state.adamG.lr = cfg.lrG * factor;
  state.adamD.lr = cfg.lrD * factor;
  const lambda = cfg.lambdaCycle, lambdaIdt = cfg.lambdaCycle * cfg.lambdaIdentity;
  const packed = tf.tidy(() => {
    let parts: tf.Scalar[] = [];
    let fakes: tf.Tensor4D[] = [];
    const g = gradsOf(() => {
      // identity inputs ride along in the same batch: instance norm is per sample
      const useIdt = lambdaIdt > 0;
      const outB = runGenerator(arch, nets.gA2B, useIdt ? tf.concat([a, b], 0) : a);
      const outA = runGenerator(arch, nets.gB2A, useIdt ? tf.concat([b, a], 0) : b);
      const fakeB = useIdt ? tf.slice(outB, 0, B) : outB, fakeA = useIdt ? tf.slice(outA, 0, B) : outA; // [B, R, R, C]
      fakes = [tf.keep(fakeA), tf.keep(fakeB)];
      const gA2B = mseTo(runDiscriminator(arch, nets.dB, fakeB), 1);
      const gB2A = mseTo(runDiscriminator(arch, nets.dA, fakeA), 1);
      const cycleA = l1(runGenerator(arch, nets.gB2A, fakeB), a);
      const cycleB = l1(runGenerator(arch, nets.gA2B, fakeA), b);
      const idtA = useIdt ? l1(tf.slice(outA, B, B), a) : tf.scalar(0);
      const idtB = useIdt ? l1(tf.slice(outB, B, B), b) : tf.scalar(0);
      parts = [gA2B, gB2A, cycleA, cycleB, idtA, idtB].map((t) => tf.keep(t));
      return tf.addN([gA2B, gB2A, tf.mul(tf.add(cycleA, cycleB), lambda), tf.mul(tf.add(idtA, idtB), lambdaIdt)]) as tf.Scalar;
    }, state.optG.vars);
    state.optG.apply(g.grads);

    const [fakeA, fakeB] = fakes as [tf.Tensor4D, tf.Tensor4D];
    const pooledA = tf.tensor4d(state.poolA.query(fakeA.dataSync() as Float32Array, state.rngPool), fakeA.shape);
    const pooledB = tf.tensor4d(state.poolB.query(fakeB.dataSync() as Float32Array, state.rngPool), fakeB.shape);
    let dParts: tf.Scalar[] = [];
    const d = gradsOf(() => {
      const da = dLoss(state, nets.dA, a, pooledA), db = dLoss(state, nets.dB, b, pooledB);
      dParts = [da.loss, db.loss, tf.mul(tf.add(da.fakeScore, db.fakeScore), 0.5)].map((t) => tf.keep(t as tf.Scalar));
      return tf.add(da.loss, db.loss) as tf.Scalar;
    }, state.optD.vars);
    state.optD.apply(d.grads);
    const [gA2B, gB2A, cycleA, cycleB, idtA, idtB] = parts;
    // order of CycleganMetrics below
    const out = tf.stack([gA2B!, gB2A!, dParts[0]!, dParts[1]!, cycleA!, cycleB!, idtA!, idtB!, g.value, d.value, dParts[2]!]);
    tf.dispose([...parts, ...dParts, ...fakes]); // kept past the gradient scopes: tidy never frees kept tensors
    return out;
  });
  state.step += 1;
  const v = packed.dataSync();
  packed.dispose();
  return {
    gA2B: v[0]!, gB2A: v[1]!, dA: v[2]!, dB: v[3]!, cycleA: v[4]!, cycleB: v[5]!, idtA: v[6]!, idtB: v[7]!,
    lossG: v[8]!, lossD: v[9]!, dFake: v[10]!, lr: state.adamG.lr,
  };
}
