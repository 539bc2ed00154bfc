import * as tf from '@tensorflow/tfjs';
import { createAdam } from '../../compute/ops/adam';
import { Rng } from '../../training/rng';
import { diffAugment } from '../diff-augment';
import { discriminatorLoss, generatorLoss, globalNorm, meanScore } from '../gan-losses';
import { gradsOf, readScalars } from '../grads';
import type { Batch, Preview, StoredTensors, Trainer, TrainSetup } from '../model';
import { assignStored, cloneParams, disposeParams, paramList, prefixed, type Params } from '../params';
import { cganArch } from './arch';
import { buildDiscriminator, buildGenerator, discriminate, generate } from './networks';
import type { CganRunConfig } from './spec';

/** RNG streams of the cGAN (stream 1 is the data order's; the grid's is made afresh for every grid). */
const NOISE_STREAM = 2, AUGMENT_STREAM = 3, GRID_STREAM = 4;

/**
 * The cGAN's training state and step: G, D, G's EMA, one Adam each, DiffAugment when the dataset is small.
 * One step = a D update on real vs fake (one pass over both: D has no batch statistics), then a G update.
 */
export function createCganTrainer(setup: TrainSetup<CganRunConfig>): Trainer {
  const { cfg } = setup;
  const classes = Math.max(1, setup.classNames.length);
  const arch = cganArch({ ...cfg, classes });
  const g = buildGenerator(arch, cfg.seed), d = buildDiscriminator(arch, cfg.seed);
  const ema = cloneParams(g);
  const optG = createAdam(paramList(g), { lr: cfg.lrG, beta1: cfg.beta1, beta2: cfg.beta2, eps: 1e-8 });
  const optD = createAdam(paramList(d), { lr: cfg.lrD, beta1: cfg.beta1, beta2: cfg.beta2, eps: 1e-8 });
  const count = Object.values(setup.data)[0]?.count ?? 0;
  let augment = cfg.diffAugment === 'on' || (cfg.diffAugment === 'auto' && count < cfg.augmentBelow);
  const rngNoise = setup.rng(NOISE_STREAM), rngAug: Rng = setup.rng(AUGMENT_STREAM);
  let step = 0;

  const aug = (x: tf.Tensor4D): tf.Tensor4D => (augment ? diffAugment(x, cfg.augmentPolicy, rngAug) : x);
  const noise = (B: number): tf.Tensor2D => tf.tensor2d(rngNoise.normals(B * arch.zDim), [B, arch.zDim]);

  /** EMA of G; the decay warms up as min(decay, (1 + t) / (10 + t)) so early samples are not stale. */
  function updateEma(): void {
    const decay = Math.min(cfg.emaDecay, (1 + step) / (10 + step));
    tf.tidy(() => {
      for (const [name, v] of Object.entries(g)) ema[name]!.assign(tf.add(tf.mul(ema[name]!, decay), tf.mul(v, 1 - decay)));
    });
  }

  return {
    async step(batches: Record<string, Batch>) {
      const { x: real, labels } = batches.train!;
      const B = real.shape[0];
      const packed = tf.tidy(() => {
        const fake = generate(arch, g, noise(B), labels); // [B, R, R, C], outside the tape: no G gradient here
        const both = tf.concat([aug(real), aug(fake)], 0); // [2B, R, R, C]
        const bothLabels = tf.concat([labels, labels], 0);
        let scores: tf.Tensor[] = [];
        const dStep = gradsOf(() => {
          const logits = discriminate(arch, d, both, bothLabels); // [2B, 1]
          const r = tf.slice(logits, [0, 0], [B, 1]), f = tf.slice(logits, [B, 0], [B, 1]);
          scores = [tf.keep(meanScore(cfg.loss, r)), tf.keep(meanScore(cfg.loss, f))];
          return discriminatorLoss(cfg.loss, r, f, cfg.labelSmoothing);
        }, optD.vars);
        const gradNormD = setup.lean ? tf.scalar(0) : globalNorm(dStep.grads);
        optD.apply(dStep.grads);

        const zG = noise(B);
        const gStep = gradsOf(() => generatorLoss(cfg.loss, discriminate(arch, d, aug(generate(arch, g, zG, labels)), labels)), optG.vars);
        const gradNormG = setup.lean ? tf.scalar(0) : globalNorm(gStep.grads);
        optG.apply(gStep.grads);
        const out = tf.stack([dStep.value, gStep.value, scores[0]!, scores[1]!, gradNormD, gradNormG]); // [6]
        tf.dispose(scores);
        return out;
      });
      step += 1;
      if (!setup.lean) updateEma();
      const v = await readScalars(packed);
      return { lossD: v[0]!, lossG: v[1]!, dReal: v[2]!, dFake: v[3]!, gradNormD: v[4]!, gradNormG: v[5]! };
    },

    tensors() {
      return {
        weights: { ...prefixed('g', g), ...prefixed('ema', ema) },
        state: {
          ...prefixed('d', d), ...prefixed('optG.m', optG.m), ...prefixed('optG.v', optG.v),
          ...prefixed('optD.m', optD.m), ...prefixed('optD.v', optD.v),
        },
        temporary: [],
      };
    },

    meta: () => ({ adamStepG: optG.step, adamStepD: optD.step, augment, step }),

    restore(weights: StoredTensors, state: StoredTensors, meta: Record<string, unknown>) {
      const t = this.tensors();
      assignStored(t.weights as Params, weights);
      assignStored(t.state as Params, state);
      optG.step = meta.adamStepG as number;
      optD.step = meta.adamStepD as number;
      augment = meta.augment as boolean;
      step = meta.step as number;
    },

    /** The EMA generator's grid: row = class, column = one of `samplesPerClass` fixed noise vectors. */
    async preview(): Promise<Preview> {
      const cols = cfg.samplesPerClass;
      const { z, labels } = gridInputs(cfg.seed, arch.zDim, classes, cols);
      const images = tf.tidy(() => generate(arch, ema, tf.tensor2d(z, [classes * cols, arch.zDim]), tf.tensor1d(labels, 'int32')));
      return { pixels: await readScalars(images), rows: classes, cols, labels };
    },

    dispose() {
      optG.dispose();
      optD.dispose();
      [g, d, ema].forEach(disposeParams);
    },
  };
}

/** The fixed inputs of a run's sample grids: `cols` noise vectors, the same for every class and every grid. */
function gridInputs(seed: number, zDim: number, classes: number, cols: number): { z: Float32Array; labels: Int32Array } {
  const noise = new Rng(seed, GRID_STREAM).normals(cols * zDim); // a stream of its own: never advanced by training
  const z = new Float32Array(classes * cols * zDim);
  const labels = new Int32Array(classes * cols);
  for (let c = 0; c < classes; c++) {
    z.set(noise, c * cols * zDim);
    labels.fill(c, c * cols, (c + 1) * cols);
  }
  return { z, labels };
}
