import * as tf from '@tensorflow/tfjs';
import { conv, convTranspose, dense } from '../../compute/ops/layers';
import { batchNormTrain } from '../../compute/ops/norms';
import { param, ParamBuilder, type Params } from '../params';
import type { CganArch } from './arch';
import { addFilm, film as filmBy, minibatchStdDev } from './diversity-ops';

/**
 * Conditional DCGAN as pure builders and pure forward functions of (params, input): the one definition that
 * training, sampling and the bench all run. Weight names are stable: checkpoints store them by name. Forward
 * passes allocate tensors: call them inside tf.tidy.
 */

/**
 * How G's BatchNorm layers normalise: training uses the batch's statistics; sampling uses statistics frozen from a
 * reference batch (sampler.ts), so a sample depends on its own latent only. `layer` counts G's BatchNorms from 0.
 */
export type GeneratorNorm = (h: tf.Tensor4D, layer: number, gamma: tf.Variable, beta: tf.Variable) => tf.Tensor4D;

/** Training: normalise with the batch's own statistics. */
export const batchStatistics: GeneratorNorm = (h, _layer, gamma, beta) => batchNormTrain(h, { gamma, beta });

/** G: z ⊕ embed(y) → dense → [side, side, C0] → k4 s2 transposed convs (BN + LeakyReLU) → tanh image. */
export function buildGenerator(arch: CganArch, seed: number): Params {
  const b = new ParamBuilder(seed, 'g');
  const c = arch.genChannels;
  // PyTorch's nn.Embedding starts N(0, 1), as the benchmark's.
  b.normal('emb', [arch.classes, arch.embDim], 1);
  b.normal('fc.kernel', [arch.zDim + arch.embDim, arch.baseSide * arch.baseSide * c[0]!]);
  b.zeros('fc.bias', [arch.baseSide * arch.baseSide * c[0]!]);
  // Transposed conv layout [k, k, Cout, Cin]; a resize-conv's is a conv's [k, k, Cin, Cout].
  const upFilter = (cin: number, cout: number): number[] => (arch.upsample === 'resize' ? [3, 3, cin, cout] : [4, 4, cout, cin]);
  c.slice(1).forEach((cout, i) => {
    b.normal(`up${i}.filter`, upFilter(c[i]!, cout));
    b.zeros(`up${i}.bias`, [cout]);
    b.ones(`up${i}.gamma`, [cout]);
    b.zeros(`up${i}.beta`, [cout]);
  });
  if (arch.zFilm) c.forEach((ch, i) => addFilm(b, `film${i}`, arch.zDim, ch)); // film0 on the first map, film(i+1) after up(i)
  if (arch.classFilm) c.forEach((ch, i) => addFilm(b, `cfilm${i}`, arch.embDim, ch)); // the same places, from the class embedding
  const last = c[c.length - 1]!;
  for (let j = 0; j < arch.depth; j++) {
    b.normal(`deep${j}.filter`, [3, 3, last, last]);
    b.zeros(`deep${j}.bias`, [last]);
    b.ones(`deep${j}.gamma`, [last]);
    b.zeros(`deep${j}.beta`, [last]);
  }
  b.normal('out.filter', upFilter(last, arch.channels));
  b.zeros('out.bias', [arch.channels]);
  return b.params;
}

/** D: k4 s2 convs with LeakyReLU(0.2) → flatten → linear logit, with the class by projection or label channel. */
export function buildDiscriminator(arch: CganArch, seed: number): Params {
  const b = new ParamBuilder(seed, 'd');
  const side = arch.resolution / 2 ** arch.discChannels.length;
  const inC = arch.channels + (arch.dHead === 'label-channel' ? 1 : 0);
  const chans = [inC, ...arch.discChannels];
  const features = side * side * chans[chans.length - 1]!;
  if (arch.dHead === 'label-channel') {
    b.normal('emb', [arch.classes, arch.embDim], 1);
    b.normal('labelMap.kernel', [arch.embDim, arch.resolution * arch.resolution]);
    b.zeros('labelMap.bias', [arch.resolution * arch.resolution]);
  } else {
    // Projection: logit = ψ(φ(x)) + ⟨embed(y), φ(x)⟩; one embedding row per class, as long as the features.
    b.normal('proj', [arch.classes, features]);
  }
  const last = arch.discChannels.length - 1;
  arch.discChannels.forEach((cout, i) => {
    // The minibatch-stddev map enters the last conv as one more input channel.
    b.normal(`conv${i}.filter`, [4, 4, chans[i]! + (i === last && arch.minibatchStd > 0 ? 1 : 0), cout]);
    b.zeros(`conv${i}.bias`, [cout]);
  });
  const top = arch.discChannels[last]!;
  for (let j = 0; j < arch.depth; j++) {
    b.normal(`deep${j}.filter`, [3, 3, top, top]);
    b.zeros(`deep${j}.bias`, [top]);
  }
  b.normal('out.kernel', [features, 1]);
  b.zeros('out.bias', [1]);
  if (arch.aux) {
    b.normal('aux.kernel', [features, arch.classes]);
    b.zeros('aux.bias', [arch.classes]);
  }
  return b.params;
}

/**
 * z [B, zDim], labels int32 [B] → images [B, R, R, channels] in [-1, 1]. `cond` ∈ [0, 1] scales the class
 * embedding (transitional conditioning: 0 = unconditional); 1 outside the ramp and at sampling.
 */
export function generate(arch: CganArch, p: Params, z: tf.Tensor2D, labels: tf.Tensor1D, norm: GeneratorNorm = batchStatistics, cond = 1): tf.Tensor4D {
  const B = z.shape[0];
  const c = arch.genChannels;
  let emb = tf.gather(param(p, 'emb'), labels) as tf.Tensor2D; // [B, embDim]
  if (cond !== 1) emb = tf.mul(emb, cond);
  const h0 = tf.concat([z, emb], 1); // [B, zDim + embDim]
  const fc = dense(h0, { kernel: param(p, 'fc.kernel'), bias: param(p, 'fc.bias') }); // [B, side² · C0]
  const film = (h: tf.Tensor4D, i: number): tf.Tensor4D => {
    const byZ = arch.zFilm ? filmBy(p, `film${i}`, h, z) : h;
    return arch.classFilm ? filmBy(p, `cfilm${i}`, byZ, emb) : byZ;
  };
  let h = tf.leakyRelu(film(fc.reshape([B, arch.baseSide, arch.baseSide, c[0]!]), 0), 0.2) as tf.Tensor4D; // [B, side, side, C0]
  const up = (x: tf.Tensor4D, name: string, cout: number): tf.Tensor4D => {
    const weights = { filter: param(p, `${name}.filter`), bias: param(p, `${name}.bias`) };
    if (arch.upsample === 'resize') return conv(upsample2x(x), weights, 1, 'same');
    const side = x.shape[1] * 2;
    return convTranspose(x, weights, [B, side, side, cout], 2, 'same');
  };
  for (let i = 0; i < c.length - 1; i++) {
    h = up(h, `up${i}`, c[i + 1]!);
    // [B, 2·side, 2·side, C(i+1)]
    h = tf.leakyRelu(film(norm(h, i, param(p, `up${i}.gamma`), param(p, `up${i}.beta`)), i + 1), 0.2);
  }
  // Depth at the last hidden map: its BatchNorms come after the upsamplings' (the sampler freezes them in call order).
  for (let j = 0; j < arch.depth; j++) {
    h = conv(h, { filter: param(p, `deep${j}.filter`), bias: param(p, `deep${j}.bias`) }, 1, 'same'); // same shape
    h = tf.leakyRelu(norm(h, c.length - 1 + j, param(p, `deep${j}.gamma`), param(p, `deep${j}.beta`)), 0.2);
  }
  return tf.tanh(up(h, 'out', arch.channels)); // [B, R, R, channels]
}

/**
 * Nearest-neighbour 2× upsampling from concat and reshape, whose gradients every backend has. Followed by a conv it
 * is the resize-conv of Odena et al. 2016, without the checkerboard a k4 s2 transposed conv leaves in textures.
 * x [B, H, W, C] → [B, 2H, 2W, C].
 */
export function upsample2x(x: tf.Tensor4D): tf.Tensor4D {
  const [B, H, W, C] = x.shape;
  const wide = tf.concat([x, x], 3).reshape([B, H, 2 * W, C]); // each pixel twice along a row
  return tf.concat([wide, wide], 2).reshape([B, 2 * H, 2 * W, C]) as tf.Tensor4D; // each row twice
}

/** images [B, R, R, channels], labels int32 [B] → logits [B, 1]. `cond` scales the class term, as in `generate`. */
export function discriminate(arch: CganArch, p: Params, x: tf.Tensor4D, labels: tf.Tensor1D, cond = 1): tf.Tensor2D {
  return discriminateWithClasses(arch, p, x, labels, cond).logit;
}

/**
 * As `discriminate`, plus the auxiliary head's class logits [B, classes] from the same features when the
 * architecture has one (AC-GAN), else null.
 */
export function discriminateWithClasses(arch: CganArch, p: Params, x: tf.Tensor4D, labels: tf.Tensor1D, cond = 1): { logit: tf.Tensor2D; classes: tf.Tensor2D | null } {
  const B = x.shape[0];
  let h = x;
  if (arch.dHead === 'label-channel') {
    const e = tf.gather(param(p, 'emb'), labels) as tf.Tensor2D; // [B, embDim]
    const map = dense(e, { kernel: param(p, 'labelMap.kernel'), bias: param(p, 'labelMap.bias') }); // [B, R²]
    const scaled = cond === 1 ? map : tf.mul(map, cond);
    h = tf.concat([x, scaled.reshape([B, arch.resolution, arch.resolution, 1]) as tf.Tensor4D], 3); // [B, R, R, C + 1]
  }
  const last = arch.discChannels.length - 1;
  arch.discChannels.forEach((_, i) => {
    if (i === last && arch.minibatchStd > 0) h = minibatchStdDev(h, arch.minibatchStd); // [B, h, w, C + 1]
    h = tf.leakyRelu(conv(h, { filter: param(p, `conv${i}.filter`), bias: param(p, `conv${i}.bias`) }, 2, 'same'), 0.2);
  }); // 28: [B, 7, 7, 2w]; 32: [B, 4, 4, 4w]; 64: [B, 8, 8, 4w]; 128: [B, 8, 8, 8w]
  for (let j = 0; j < arch.depth; j++) h = tf.leakyRelu(conv(h, { filter: param(p, `deep${j}.filter`), bias: param(p, `deep${j}.bias`) }, 1, 'same'), 0.2); // same shape
  const phi = h.reshape([B, -1]) as tf.Tensor2D; // [B, F]
  const logit = dense(phi, { kernel: param(p, 'out.kernel'), bias: param(p, 'out.bias') }); // [B, 1]
  const classes = arch.aux ? dense(phi, { kernel: param(p, 'aux.kernel'), bias: param(p, 'aux.bias') }) : null; // [B, K]
  if (arch.dHead === 'label-channel') return { logit, classes };
  const proj = tf.sum(tf.mul(tf.gather(param(p, 'proj'), labels), phi), 1, true); // [B, 1]
  return { logit: tf.add(logit, cond === 1 ? proj : tf.mul(proj, cond)), classes };
}
