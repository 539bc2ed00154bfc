import * as tf from '@tensorflow/tfjs';
import { createAdam } from '../../compute/ops/adam';
import { dense } from '../../compute/ops/layers';
import { Rng } from '../../training/rng';
import { discriminatorLoss, generatorLoss } from '../gan-losses';
import { gradsOf, readPixels, readScalars } from '../grads';
import type { Batch, ModelModule, Sampler, StoredTensors, Trainer, TrainSetup } from '../model';
import { assignStored, disposeParams, loadedParams, param, ParamBuilder, paramList, prefixed, type Params } from '../params';
import type { TemplateRunConfig } from './spec';

interface Shape { side: number; channels: 1 | 3; classes: number; zDim: number; hidden: number }

const shapeOf = (cfg: TemplateRunConfig, classes: number): Shape =>
  ({ side: cfg.resolution, channels: cfg.channels, classes: Math.max(1, classes), zDim: cfg.zDim, hidden: cfg.hidden });

/** G: [z ⊕ one-hot(y)] → dense → LeakyReLU → dense → tanh image. Names are stable: checkpoints store them. */
function buildG(s: Shape, seed: number): Params {
  const b = new ParamBuilder(seed, 'g');
  b.normal('h.kernel', [s.zDim + s.classes, s.hidden]);
  b.zeros('h.bias', [s.hidden]);
  b.normal('out.kernel', [s.hidden, s.side * s.side * s.channels]);
  b.zeros('out.bias', [s.side * s.side * s.channels]);
  return b.params;
}

/** D: [flatten(x) ⊕ one-hot(y)] → dense → LeakyReLU → logit. */
function buildD(s: Shape, seed: number): Params {
  const b = new ParamBuilder(seed, 'd');
  b.normal('h.kernel', [s.side * s.side * s.channels + s.classes, s.hidden]);
  b.zeros('h.bias', [s.hidden]);
  b.normal('out.kernel', [s.hidden, 1]);
  b.zeros('out.bias', [1]);
  return b.params;
}

const layer = (p: Params, name: string) => ({ kernel: param(p, `${name}.kernel`), bias: param(p, `${name}.bias`) });

/** z [B, zDim], labels [B] → images [B, R, R, C] in [-1, 1]. */
function generate(s: Shape, p: Params, z: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor4D {
  const h = tf.leakyRelu(dense(tf.concat([z, tf.oneHot(labels, s.classes).toFloat() as tf.Tensor2D], 1), layer(p, 'h')), 0.2); // [B, hidden]
  return tf.tanh(dense(h as tf.Tensor2D, layer(p, 'out'))).reshape([z.shape[0], s.side, s.side, s.channels]);
}

/** images [B, R, R, C], labels [B] → logits [B, 1]. */
function discriminate(s: Shape, p: Params, x: tf.Tensor4D, labels: tf.Tensor1D): tf.Tensor2D {
  const flat = tf.concat([x.reshape([x.shape[0], -1]), tf.oneHot(labels, s.classes).toFloat()], 1) as tf.Tensor2D;
  return dense(tf.leakyRelu(dense(flat, layer(p, 'h')), 0.2) as tf.Tensor2D, layer(p, 'out')); // [B, 1]
}

/** Training: one D update (bce, real → 1, fake → 0), then one G update (non-saturating). */
function createTrainer(setup: TrainSetup<TemplateRunConfig>): Trainer {
  const { cfg } = setup;
  const s = shapeOf(cfg, setup.classNames.length);
  const g = buildG(s, cfg.seed), d = buildD(s, cfg.seed);
  const adam = { lr: cfg.lr, beta1: 0.5, beta2: 0.999, eps: 1e-8 };
  const optG = createAdam(paramList(g), adam), optD = createAdam(paramList(d), adam);
  const rngNoise = setup.rng(2);
  const noise = (B: number): tf.Tensor2D => tf.tensor2d(rngNoise.normals(B * s.zDim), [B, s.zDim]);
  return {
    async step(batches: Record<string, Batch>) {
      const { x, labels } = batches.train!;
      const B = x.shape[0];
      const packed = tf.tidy(() => {
        const fake = generate(s, g, noise(B), labels);
        let fakeLogits: tf.Tensor | null = null;
        const dStep = gradsOf(() => {
          fakeLogits = tf.keep(discriminate(s, d, fake, labels));
          return discriminatorLoss('bce', discriminate(s, d, x, labels), fakeLogits);
        }, optD.vars);
        optD.apply(dStep.grads);
        const zG = noise(B);
        const gStep = gradsOf(() => generatorLoss('bce', discriminate(s, d, generate(s, g, zG, labels), labels)), optG.vars);
        optG.apply(gStep.grads);
        const dFake = tf.mean(tf.sigmoid(fakeLogits!));
        tf.dispose(fakeLogits!);
        return tf.stack([dStep.value, gStep.value, dFake]);
      });
      const v = await readScalars(packed);
      return { lossD: v[0]!, lossG: v[1]!, dFake: v[2]! };
    },
    tensors: () => ({
      weights: prefixed('g', g),
      state: { ...prefixed('d', d), ...prefixed('optG.m', optG.m), ...prefixed('optG.v', optG.v), ...prefixed('optD.m', optD.m), ...prefixed('optD.v', optD.v) },
      temporary: [],
    }),
    meta: () => ({ adamStepG: optG.step, adamStepD: optD.step }),
    restore(weights: StoredTensors, state: StoredTensors, meta: Record<string, unknown>) {
      assignStored(prefixed('g', g), weights);
      assignStored({ ...prefixed('d', d), ...prefixed('optG.m', optG.m), ...prefixed('optG.v', optG.v), ...prefixed('optD.m', optD.m), ...prefixed('optD.v', optD.v) }, state);
      optG.step = meta.adamStepG as number;
      optD.step = meta.adamStepD as number;
    },
    async preview() {
      const cols = cfg.samplesPerClass, n = s.classes * cols;
      const z = new Rng(cfg.seed, 4).normals(cols * s.zDim);
      const zs = new Float32Array(n * s.zDim), labels = new Int32Array(n);
      for (let c = 0; c < s.classes; c++) {
        zs.set(z, c * cols * s.zDim);
        labels.fill(c, c * cols, (c + 1) * cols);
      }
      const images = tf.tidy(() => generate(s, g, tf.tensor2d(zs, [n, s.zDim]), tf.tensor1d(labels, 'int32')));
      return { pixels: await readPixels(images), rows: s.classes, cols, labels };
    },
    dispose() {
      optG.dispose();
      optD.dispose();
      [g, d].forEach(disposeParams);
    },
  };
}

/** Sampling: G has no batch statistics, so a sample depends on its own latent and class only. */
function loadSampler(cfg: TemplateRunConfig, classes: number, weights: StoredTensors, which: 'ema' | 'raw'): Sampler {
  if (which !== 'raw') throw new Error('the template model keeps no EMA generator: sample its raw weights');
  const s = shapeOf(cfg, classes);
  const g = loadedParams(buildG(s, cfg.seed), 'g', weights);
  return {
    zDim: s.zDim, bnReference: 1, resolution: s.side, channels: s.channels,
    generate: (z, labels) => readPixels(tf.tidy(() => generate(s, g, tf.tensor2d(z, [labels.length, s.zDim]), tf.tensor1d(labels, 'int32')))),
    dispose: () => disposeParams(g),
  };
}


const model: ModelModule<TemplateRunConfig> = { createTrainer, loadSampler };
export default model;
