import * as tf from '@tensorflow/tfjs';
import { createAdam } from '../../compute/ops/adam';
import { perSample } from '../../compute/ops/layers';
import { Rng } from '../../training/rng';
import { mirrorHalf } from '../diff-augment';
import { gradsOf, readScalars } from '../grads';
import type { Batch, Preview, StoredTensors, Trainer, TrainSetup } from '../model';
import { assignStored, cloneParams, disposeParams, paramList, prefixed, updateEma } from '../params';
import { buildUNet, denoise, levelEmbedding, unetShape } from './networks';
import { ALPHA_BAR, ddimSample, LEVELS } from './schedule';
import type { DiffusionRunConfig } from './spec';

/** RNG streams (stream 1 is the data order's; the grid's is made afresh for every grid). */
const NOISE_STREAM = 2, MIRROR_STREAM = 3, GRID_STREAM = 4;

/**
 * The diffusion model's training state and step: the U-Net, its EMA and one Adam. One step: each real image of the
 * batch gets a random noise level and noise, a tenth of them (`uncondRate`) lose their class, and the U-Net learns to
 * predict the noise (mean squared error).
 */
export function createDiffusionTrainer(setup: TrainSetup<DiffusionRunConfig>): Trainer {
  const { cfg } = setup;
  const s = unetShape(cfg, setup.classNames.length);
  const net = buildUNet(s, cfg.seed);
  const ema = cloneParams(net);
  const opt = createAdam(paramList(net), { lr: cfg.lr, beta1: cfg.beta1, beta2: cfg.beta2, eps: 1e-8 });
  const rngNoise = setup.rng(NOISE_STREAM), rngMirror = setup.rng(MIRROR_STREAM);
  let step = 0;

  const tensors = () => ({ weights: { ...prefixed('ema', ema), ...prefixed('net', net) }, state: { ...prefixed('opt.m', opt.m), ...prefixed('opt.v', opt.v) } });

  return {
    async step(batches: Record<string, Batch>) {
      const { x, labels } = batches.train!;
      const B = x.shape[0], frame = s.side * s.side * s.channels;
      const levels = Array.from({ length: B }, () => rngNoise.int(LEVELS));
      const noise = rngNoise.normals(B * frame);
      const drop = Array.from({ length: B }, () => rngNoise.uniform() < cfg.uncondRate);
      const packed = tf.tidy(() => {
        const real = cfg.mirror ? mirrorHalf(x, rngMirror) : x;
        const eps = tf.tensor4d(noise, [B, s.side, s.side, s.channels]);
        const a = levels.map((t) => ALPHA_BAR[t]!);
        const noised = tf.add(tf.mul(real, perSample(a.map(Math.sqrt))), tf.mul(eps, perSample(a.map((v) => Math.sqrt(1 - v))))) as tf.Tensor4D;
        const classes = tf.where(tf.tensor1d(drop, 'bool'), tf.fill([B], s.classes, 'int32'), labels) as tf.Tensor1D;
        const emb = levelEmbedding(levels, s.embed);
        const { value, grads } = gradsOf(() => tf.mean(tf.square(tf.sub(denoise(s, net, noised, emb, classes), eps))) as tf.Scalar, opt.vars);
        opt.apply(grads);
        return tf.stack([value]);
      });
      const v = await readScalars(packed);
      step++;
      updateEma(ema, net, cfg.emaDecay, step);
      return { loss: v[0]! };
    },

    tensors: () => ({ ...tensors(), temporary: [] }),
    meta: () => ({ adamStep: opt.step, step }),

    restore(weights: StoredTensors, state: StoredTensors, meta: Record<string, unknown>) {
      const t = tensors();
      assignStored(t.weights, weights);
      assignStored(t.state, state);
      opt.step = meta.adamStep as number;
      step = meta.step as number;
    },

    /** The EMA U-Net's grid: row = class, column = one of `samplesPerClass` fixed starting noises. */
    async preview(): Promise<Preview> {
      const cols = cfg.samplesPerClass, frame = s.side * s.side * s.channels, n = s.classes * cols;
      const noise = new Rng(cfg.seed, GRID_STREAM).normals(cols * frame); // a stream of its own: never advanced by training
      const xT = new Float32Array(n * frame), labels = new Int32Array(n);
      for (let c = 0; c < s.classes; c++) {
        xT.set(noise, c * cols * frame);
        labels.fill(c, c * cols, (c + 1) * cols);
      }
      const pixels = await ddimSample(s, ema, xT, labels, { guidance: cfg.guidance, steps: cfg.sampleSteps });
      return { pixels, rows: s.classes, cols, labels };
    },

    dispose() {
      opt.dispose();
      [net, ema].forEach(disposeParams);
    },
  };
}
