import * as tf from '@tensorflow/tfjs';
import { createAdam } from '../../compute/ops/adam';
import { Rng } from '../../training/rng';
import { diffAugment, mirrorHalf } from '../diff-augment';
import { discriminatorLoss, generatorLoss, globalNorm, meanScore } from '../gan-losses';
import { gradsOf, readPixels, readScalars } from '../grads';
import type { Batch, Preview, StoredTensors, Trainer, TrainSetup } from '../model';
import { assignStored, cloneParams, disposeParams, paramList, prefixed, type Params, updateEma } from '../params';
import { cganArch } from './arch';
import { condStrength, coverageLoss, modeSeekingLoss, nearestNoise, pairedLabels } from './diversity';
import { buildDiscriminator, buildGenerator, discriminateWithClasses, generate } from './networks';
import type { CganRunConfig } from './spec';

/** RNG streams of the cGAN (stream 1 is the data order's; the grid's is made afresh for every grid). */
const NOISE_STREAM = 2, AUGMENT_STREAM = 3, GRID_STREAM = 4, PROBE_STREAM = 5;

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
  const mirror = (x: tf.Tensor4D): tf.Tensor4D => (cfg.mirror ? mirrorHalf(x, rngAug) : x);
  const noise = (B: number): tf.Tensor2D => tf.tensor2d(rngNoise.normals(B * arch.zDim), [B, arch.zDim]);

  return {
    async step(batches: Record<string, Batch>) {
      const { x: real, labels } = batches.train!;
      const B = real.shape[0];
      const cond = condStrength(cfg, step); // 1 unless transitional conditioning is configured
      const packed = tf.tidy(() => {
        const fake = generate(arch, g, noise(B), labels, undefined, cond); // [B, R, R, C], outside the tape: no G gradient here
        const realIn = aug(mirror(real)), fakeIn = aug(fake);
        let scores: tf.Tensor[] = [];
        const dStep = gradsOf(() => {
          // Real and fake in one pass when D has no batch statistics (the same losses, half the kernel calls); the
          // minibatch-stddev feature must see real and fake apart.
          let r: tf.Tensor2D, f: tf.Tensor2D, realClasses: tf.Tensor2D | null;
          if (arch.minibatchStd > 0) {
            const dr = discriminateWithClasses(arch, d, realIn, labels, cond);
            [r, f, realClasses] = [dr.logit, discriminateWithClasses(arch, d, fakeIn, labels, cond).logit, dr.classes];
          } else {
            const out = discriminateWithClasses(arch, d, tf.concat([realIn, fakeIn], 0), tf.concat([labels, labels], 0), cond); // [2B, 1]
            [r, f] = [tf.slice(out.logit, [0, 0], [B, 1]), tf.slice(out.logit, [B, 0], [B, 1])];
            realClasses = out.classes && tf.slice(out.classes, [0, 0], [B, classes]);
          }
          scores = [tf.keep(meanScore(cfg.loss, r)), tf.keep(meanScore(cfg.loss, f))];
          const adv = discriminatorLoss(cfg.loss, r, f, cfg.labelSmoothing);
          // AC-GAN's class head learns from real images only: fakes would teach it their own mistakes.
          return realClasses ? tf.add(adv, tf.mul(classLoss(realClasses, labels, classes), cfg.auxClassifier)) as tf.Scalar : adv;
        }, optD.vars);
        const gradNormD = setup.lean ? tf.scalar(0) : globalNorm(dStep.grads);
        optD.apply(dStep.grads);

        const zG = noise(B);
        // Mode seeking pairs rows i and B/2 + i: same class, different z.
        const labelsG = cfg.modeSeeking > 0 ? pairedLabels(labels) : labels;
        // Coverage: the first half of the real batch, each with the nearest of `coverageDraws` samples of its class;
        // those rows join G's batch (one pass, one set of batch statistics) and learn only the pull onto their image.
        let near: { real: tf.Tensor4D; labels: tf.Tensor1D; z: tf.Tensor2D } | null = null;
        if (cfg.coverage > 0) {
          const q = Math.ceil(B / 2), nearReal = real.slice(0, q), nearLabels = labels.slice(0, q);
          const z = nearestNoise((zc, lc) => generate(arch, g, zc, lc, undefined, cond), nearReal, nearLabels, noise(q * cfg.coverageDraws), cfg.coverageDraws);
          near = { real: nearReal, labels: nearLabels, z };
        }
        const gStep = gradsOf(() => {
          let fakeG: tf.Tensor4D, cover: tf.Scalar | null = null;
          if (near) {
            const all = generate(arch, g, tf.concat([zG, near.z]), tf.concat([labelsG, near.labels]), undefined, cond); // [B + q, R, R, C]
            fakeG = all.slice(0, B);
            cover = coverageLoss(all.slice(B, near.real.shape[0]), near.real);
          } else {
            fakeG = generate(arch, g, zG, labelsG, undefined, cond); // [B, R, R, C]
          }
          const dOut = discriminateWithClasses(arch, d, aug(fakeG), labelsG, cond);
          let loss = generatorLoss(cfg.loss, dOut.logit);
          if (cfg.modeSeeking > 0) loss = tf.add(loss, tf.mul(modeSeekingLoss(fakeG, zG), cfg.modeSeeking));
          if (cover) loss = tf.add(loss, tf.mul(cover, cfg.coverage));
          if (dOut.classes) loss = tf.add(loss, tf.mul(classLoss(dOut.classes, labelsG, classes), cfg.auxClassifier));
          return loss as tf.Scalar;
        }, optG.vars);
        const gradNormG = setup.lean ? tf.scalar(0) : globalNorm(gStep.grads);
        optG.apply(gStep.grads);
        const out = tf.stack([dStep.value, gStep.value, scores[0]!, scores[1]!, gradNormD, gradNormG]); // [6]
        tf.dispose(scores);
        return out;
      });
      step += 1;
      if (!setup.lean) updateEma(ema, g, cfg.emaDecay, step);
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

    /** The EMA generator (what users sample) on 8–24 fixed latents per class, classes interleaved as in training batches. */
    async probe(): Promise<Preview> {
      const perClass = Math.max(8, Math.min(24, Math.floor(480 / classes))), n = classes * perClass;
      const z = new Rng(cfg.seed, PROBE_STREAM).normals(n * arch.zDim);
      const labels = Int32Array.from({ length: n }, (_, i) => i % classes);
      const frame = arch.resolution * arch.resolution * arch.channels;
      const pixels = new Float32Array(n * frame);
      for (let start = 0; start < n; start += 128) { // chunks keep G's activations small at 128 px
        const m = Math.min(128, n - start);
        const images = tf.tidy(() => generate(arch, ema, tf.tensor2d(z.subarray(start * arch.zDim, (start + m) * arch.zDim), [m, arch.zDim]),
          tf.tensor1d(labels.subarray(start, start + m), 'int32')));
        pixels.set(await readPixels(images), start * frame);
      }
      return { pixels, rows: classes, cols: perClass, labels };
    },

    dispose() {
      optG.dispose();
      optD.dispose();
      [g, d, ema].forEach(disposeParams);
    },
  };
}

/** Softmax cross-entropy of class logits [B, K] against int32 labels [B]: the AC-GAN class loss. */
function classLoss(logits: tf.Tensor2D, labels: tf.Tensor1D, classes: number): tf.Scalar {
  return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, classes), logits) as tf.Scalar;
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
