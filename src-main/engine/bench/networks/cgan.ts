import * as tf from '@tensorflow/tfjs';
import { batchNormTrain, createNormParams, type NormParams } from '../../compute/ops/norms';
import {
  collectVariables, conv, variableOf, convTranspose, createConv, createConvTranspose, createDense, dense,
  type ConvParams, type ConvTransposeParams, type DenseParams,
} from '../../compute/ops/layers';

/** Shape of a conditional DCGAN (bench/README.md: cgan28 and cgan64). */
export interface CganConfig {
  size: 28 | 64;
  channels: 1 | 3;
  classes: number;
  zDim: number;
  embDim: number;
  /** Generator: side and depth of the first feature map, then the depth after each hidden upsampling. */
  baseSide: number;
  genChannels: number[];
  /** Discriminator conv depths (k4 s2 each). */
  discChannels: number[];
}

export const CGAN28: CganConfig = { size: 28, channels: 1, classes: 10, zDim: 100, embDim: 50, baseSide: 7,
  genChannels: [128, 64], discChannels: [64, 128] };
export const CGAN64: CganConfig = { size: 64, channels: 3, classes: 10, zDim: 100, embDim: 50, baseSide: 8,
  genChannels: [256, 128, 64], discChannels: [64, 128, 256] };

export interface CganGenerator {
  cfg: CganConfig;
  emb: tf.Variable; // [classes, embDim]
  fc: DenseParams; // [z + emb, side² · C0]
  /** Hidden upsamplings, each transposed conv k4 s2 + batch norm + LeakyReLU. */
  ups: Array<{ convT: ConvTransposeParams; bn: NormParams }>;
  out: ConvTransposeParams; // → image channels, then tanh
}

export interface CganDiscriminator {
  cfg: CganConfig;
  emb: tf.Variable; // [classes, embDim]
  labelMap: DenseParams; // [embDim, size²]
  convs: ConvParams[]; // k4 s2, LeakyReLU
  out: DenseParams; // [side² · Clast, 1]
}

export function buildCganGenerator(cfg: CganConfig): CganGenerator {
  const c = cfg.genChannels;
  const ups = c.slice(1).map((cout, i) => ({ convT: createConvTranspose(4, c[i]!, cout), bn: createNormParams(cout) }));
  return {
    cfg,
    emb: variableOf(() => tf.randomNormal([cfg.classes, cfg.embDim])),
    fc: createDense(cfg.zDim + cfg.embDim, cfg.baseSide * cfg.baseSide * c[0]!),
    ups,
    out: createConvTranspose(4, c[c.length - 1]!, cfg.channels),
  };
}

export function buildCganDiscriminator(cfg: CganConfig): CganDiscriminator {
  const chans = [cfg.channels + 1, ...cfg.discChannels];
  const side = cfg.size / 2 ** cfg.discChannels.length;
  return {
    cfg,
    emb: variableOf(() => tf.randomNormal([cfg.classes, cfg.embDim])),
    labelMap: createDense(cfg.embDim, cfg.size * cfg.size),
    convs: cfg.discChannels.map((cout, i) => createConv(4, chans[i]!, cout)),
    out: createDense(side * side * chans[chans.length - 1]!, 1),
  };
}

/** z [B, zDim], labels int32 [B] → images [B, size, size, channels] in [-1, 1]. */
export function generate(g: CganGenerator, z: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor4D {
  const { cfg } = g;
  const B = z.shape[0];
  const h0 = tf.concat([z, tf.gather(g.emb, labels) as tf.Tensor2D], 1); // [B, z + emb]
  let h = tf.leakyRelu(dense(h0, g.fc), 0.2).reshape([B, cfg.baseSide, cfg.baseSide, cfg.genChannels[0]!]) as tf.Tensor4D;
  // cgan28: [B, 7, 7, 128] → [B, 14, 14, 64]; cgan64: [B, 8, 8, 256] → [B, 16, 16, 128] → [B, 32, 32, 64]
  for (const up of g.ups) {
    const side = h.shape[1] * 2;
    h = convTranspose(h, up.convT, [B, side, side, up.bn.gamma.shape[0]!], 2, 'same');
    h = tf.leakyRelu(batchNormTrain(h, up.bn), 0.2);
  }
  const side = h.shape[1] * 2;
  return tf.tanh(convTranspose(h, g.out, [B, side, side, cfg.channels], 2, 'same')); // [B, size, size, channels]
}

/** images [B, size, size, channels], labels [B] → logits [B, 1]. The label enters as one extra image channel. */
export function discriminate(d: CganDiscriminator, x: tf.Tensor4D, labels: tf.Tensor1D): tf.Tensor2D {
  const { cfg } = d;
  const B = x.shape[0];
  const labelChannel = dense(tf.gather(d.emb, labels) as tf.Tensor2D, d.labelMap).reshape([B, cfg.size, cfg.size, 1]); // [B, S, S, 1]
  let h = tf.concat([x, labelChannel as tf.Tensor4D], 3); // [B, S, S, channels + 1]
  // cgan28: → [B, 14, 14, 64] → [B, 7, 7, 128]; cgan64: → [B, 32, 32, 64] → [B, 16, 16, 128] → [B, 8, 8, 256]
  for (const c of d.convs) h = tf.leakyRelu(conv(h, c, 2, 'same'), 0.2);
  return dense(h.reshape([B, -1]) as tf.Tensor2D, d.out); // [B, 1]
}

export const generatorVariables = (g: CganGenerator): tf.Variable[] => collectVariables([g.emb, g.fc, g.ups, g.out]);
export const discriminatorVariables = (d: CganDiscriminator): tf.Variable[] =>
  collectVariables([d.emb, d.labelMap, d.convs, d.out]);
