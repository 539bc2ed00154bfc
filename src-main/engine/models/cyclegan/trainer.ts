import * as tf from '@tensorflow/tfjs';
import { createAdam, type AdamConfig } from '../../compute/ops/adam';
import { l1, mseTo } from '../../compute/ops/losses';
import { batchOf } from '../../training/batches';
import { gradsOf, readPixels, readScalars } from '../grads';
import type { Batch, Preview, StoredTensors, Trainer, TrainSetup } from '../model';
import { assignStored, disposeParams, paramList, prefixed, type Params } from '../params';
import { jitter } from './jitter';
import { buildPatchDiscriminator, buildResnetGenerator, cycleganArch, runDiscriminator, runGenerator } from './networks';
import { ImagePool } from './pool';
import { CYCLEGAN_PANEL_COLUMNS, type CycleganRunConfig } from './spec';

/** RNG streams (1 and 5 are the domains' data orders). */
const JITTER_STREAM = 3, POOL_STREAM = 6;

/**
 * Learning-rate factor of the update that makes step `step` (1-based): 1 up to `decayStart · steps`, then linear
 * down to 0 (the last step's update gets 1/(decay steps + 1)). A pure function of the step: a resumed run follows
 * the same schedule.
 */
export function lrFactor(step: number, steps: number, decayStart: number): number {
  const start = Math.floor(steps * decayStart);
  if (step <= start) return 1;
  return Math.max(0, (steps - step + 1) / (steps - start + 1));
}

/**
 * Everything a CycleGAN run is at a step: gA2B (A → B), gB2A, dA (judges domain A), dB, one Adam over both
 * generators and one over both discriminators (as PyTorch's CycleGAN), the jitter and pool streams and both
 * history pools. One step (the paper's order): both generators (LSGAN + λ·cycle + λ·identity fraction·identity),
 * then both discriminators on real images vs fakes from their pools.
 */
export function createCycleganTrainer(setup: TrainSetup<CycleganRunConfig>): Trainer {
  const { cfg } = setup;
  const arch = cycleganArch(cfg);
  const nets = {
    gA2B: buildResnetGenerator(arch, cfg.seed, 'gA2B'), gB2A: buildResnetGenerator(arch, cfg.seed, 'gB2A'),
    dA: buildPatchDiscriminator(arch, cfg.seed, 'dA'), dB: buildPatchDiscriminator(arch, cfg.seed, 'dB'),
  };
  const adamG: AdamConfig = { lr: cfg.lrG, beta1: cfg.beta1, beta2: cfg.beta2, eps: 1e-8 };
  const adamD: AdamConfig = { lr: cfg.lrD, beta1: cfg.beta1, beta2: cfg.beta2, eps: 1e-8 };
  // createAdam reads cfg.lr at every update: the schedule sets these objects' lr before each step.
  const optG = createAdam([...paramList(nets.gA2B), ...paramList(nets.gB2A)], adamG);
  const optD = createAdam([...paramList(nets.dA), ...paramList(nets.dB)], adamD);
  const frame = cfg.resolution * cfg.resolution * cfg.channels;
  const poolA = new ImagePool(cfg.poolSize, frame), poolB = new ImagePool(cfg.poolSize, frame);
  const rngAug = setup.rng(JITTER_STREAM), rngPool = setup.rng(POOL_STREAM);
  let step = 0;

  /** The images D sees instead of the newest fakes (read back only when a pool is on). */
  async function pooled(pool: ImagePool, fake: tf.Tensor4D): Promise<tf.Tensor4D> {
    if (pool.capacity === 0) return fake;
    const out = tf.tensor4d(pool.query((await fake.data()) as Float32Array, rngPool), fake.shape);
    fake.dispose();
    return out;
  }

  /** LSGAN discriminator loss of real and fake as one batch (instance norm is per sample: same as two passes). */
  function dLoss(d: Params, real: tf.Tensor4D, fake: tf.Tensor4D): { loss: tf.Scalar; fakeScore: tf.Scalar } {
    const B = real.shape[0];
    const [sr, sf] = tf.split(runDiscriminator(arch, d, tf.concat([real, fake], 0)), [B, B], 0); // [B, P, P, 1] each
    return { loss: tf.mul(tf.add(mseTo(sr!, 1), mseTo(sf!, 0)), 0.5), fakeScore: tf.mean(sf!) as tf.Scalar };
  }

  return {
    async step(batches: Record<string, Batch>) {
      const a = tf.tidy(() => jitter(batches.a!.x, cfg.jitterScale, cfg.flip, rngAug));
      const b = tf.tidy(() => jitter(batches.b!.x, cfg.jitterScale, cfg.flip, rngAug));
      const B = a.shape[0];
      const factor = lrFactor(step + 1, cfg.steps, cfg.decayStart);
      adamG.lr = cfg.lrG * factor;
      adamD.lr = cfg.lrD * factor;
      const lambda = cfg.lambdaCycle, lambdaIdt = cfg.lambdaCycle * cfg.lambdaIdentity;
      let parts: tf.Scalar[] = [];
      let fakes: tf.Tensor4D[] = [];
      const gValue = tf.tidy(() => {
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
        }, optG.vars);
        optG.apply(g.grads);
        return g.value;
      });
      const pooledA = await pooled(poolA, fakes[0]!), pooledB = await pooled(poolB, fakes[1]!);
      const packed = tf.tidy(() => {
        let dParts: tf.Scalar[] = [];
        const d = gradsOf(() => {
          const da = dLoss(nets.dA, a, pooledA), db = dLoss(nets.dB, b, pooledB);
          dParts = [da.loss, db.loss, tf.mul(tf.add(da.fakeScore, db.fakeScore), 0.5)].map((t) => tf.keep(t as tf.Scalar));
          return tf.add(da.loss, db.loss) as tf.Scalar;
        }, optD.vars);
        optD.apply(d.grads);
        const [gA2B, gB2A, cycleA, cycleB, idtA, idtB] = parts;
        // order of the metrics below
        const out = tf.stack([gA2B!, gB2A!, dParts[0]!, dParts[1]!, cycleA!, cycleB!, idtA!, idtB!, gValue, d.value, dParts[2]!]);
        tf.dispose(dParts); // kept past the gradient scope: tidy never frees kept tensors
        return out;
      });
      tf.dispose([...parts, pooledA, pooledB, gValue, a, b]);
      step += 1;
      const v = await readScalars(packed);
      return {
        gA2B: v[0]!, gB2A: v[1]!, dA: v[2]!, dB: v[3]!, cycleA: v[4]!, cycleB: v[5]!, idtA: v[6]!, idtB: v[7]!,
        lossG: v[8]!, lossD: v[9]!, dFake: v[10]!, lr: adamG.lr,
      };
    },

    tensors() {
      const R = cfg.resolution, C = cfg.channels;
      const pools = { 'pool/a': tf.tensor4d(poolA.flat(), [poolA.images.length, R, R, C]), 'pool/b': tf.tensor4d(poolB.flat(), [poolB.images.length, R, R, C]) };
      return {
        weights: { ...prefixed('gA2B', nets.gA2B), ...prefixed('gB2A', nets.gB2A) },
        state: {
          ...prefixed('dA', nets.dA), ...prefixed('dB', nets.dB),
          ...prefixed('optG.m', optG.m), ...prefixed('optG.v', optG.v), ...prefixed('optD.m', optD.m), ...prefixed('optD.v', optD.v),
          ...pools,
        },
        temporary: Object.values(pools),
      };
    },

    meta: () => ({ adamStepG: optG.step, adamStepD: optD.step, poolCount: { a: poolA.images.length, b: poolB.images.length }, step }),

    restore(weights: StoredTensors, state: StoredTensors, meta: Record<string, unknown>) {
      assignStored({ ...prefixed('gA2B', nets.gA2B), ...prefixed('gB2A', nets.gB2A) }, weights);
      assignStored({
        ...prefixed('dA', nets.dA), ...prefixed('dB', nets.dB),
        ...prefixed('optG.m', optG.m), ...prefixed('optG.v', optG.v), ...prefixed('optD.m', optD.m), ...prefixed('optD.v', optD.v),
      }, state);
      const count = meta.poolCount as { a: number; b: number };
      poolA.restore(count.a ? state.get('pool/a')!.values : new Float32Array(0));
      poolB.restore(count.b ? state.get('pool/b')!.values : new Float32Array(0));
      optG.step = meta.adamStepG as number;
      optD.step = meta.adamStepD as number;
      step = meta.step as number;
    },

    /**
     * The panel: per row, a fixed training image of A → G_A2B → G_B2A, then one of B → G_B2A → G_A2B (the first
     * rows of each domain's training split, unjittered: the same every time).
     */
    async preview(): Promise<Preview> {
      const rows = Math.min(cfg.samplesPerPanel, setup.data.a!.count, setup.data.b!.count);
      const idx = Uint32Array.from({ length: rows }, (_, i) => i);
      const out = tf.tidy(() => {
        const realA = batchOf(setup.data.a!, idx).x, realB = batchOf(setup.data.b!, idx).x; // [n, R, R, C]
        const fakeB = runGenerator(arch, nets.gA2B, realA), fakeA = runGenerator(arch, nets.gB2A, realB);
        const recA = runGenerator(arch, nets.gB2A, fakeB), recB = runGenerator(arch, nets.gA2B, fakeA);
        return tf.stack([realA, fakeB, recA, realB, fakeA, recB], 1); // [n, 6, R, R, C]
      });
      return { pixels: await readPixels(out), rows, cols: CYCLEGAN_PANEL_COLUMNS.length, labels: null };
    },

    dispose() {
      optG.dispose();
      optD.dispose();
      Object.values(nets).forEach(disposeParams);
    },
  };
}
