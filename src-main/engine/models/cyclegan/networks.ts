import * as tf from '@tensorflow/tfjs';
import { conv, convTranspose } from '../../compute/ops/layers';
import { instanceNorm } from '../../compute/ops/norms';
import { reflectionPad } from '../../compute/ops/reflection-pad';
import { param, ParamBuilder, type Params } from '../params';
import { cycleganResBlocks, type CycleganRunConfig } from './spec';

/**
 * CycleGAN networks as named, seeded parameters (checkpoints store them by name) and their forward passes: the one
 * definition that training, translation and the bench run (the `quick` preset is the bench's cyclegan64).
 * Instance norm γ/β are ordinary parameters (`<layer>.gamma/.beta`): trained, checkpointed.
 */
export interface CycleganArch {
  resolution: number;
  channels: 1 | 3;
  /** Generator base width (ngf) and residual blocks. */
  ngf: number;
  resBlocks: number;
  /** Discriminator base width (ndf) and depth: patch70 adds the paper's k4 s1 layer of 8·ndf and a k4 head. */
  ndf: number;
  discriminator: 'patch70' | 'patch38';
}

export function cycleganArch(cfg: Pick<CycleganRunConfig, 'resolution' | 'channels' | 'width' | 'discWidth' | 'resBlocks' | 'discriminator'>): CycleganArch {
  return { resolution: cfg.resolution, channels: cfg.channels, ngf: cfg.width, resBlocks: cycleganResBlocks(cfg), ndf: cfg.discWidth, discriminator: cfg.discriminator };
}

/** conv [k, k, cin, cout] + bias, and instance-norm γ/β when `norm`. */
function convLayer(b: ParamBuilder, name: string, k: number, cin: number, cout: number, norm: boolean, transposed = false): void {
  b.normal(`${name}.filter`, transposed ? [k, k, cout, cin] : [k, k, cin, cout]);
  b.zeros(`${name}.bias`, [cout]);
  if (norm) {
    b.ones(`${name}.gamma`, [cout]);
    b.zeros(`${name}.beta`, [cout]);
  }
}

/** `count` instance-normed k×k convs `<prefix>0…`, each doubling the width from `width` (n → 2n → 4n …). */
function doublingConvs(b: ParamBuilder, prefix: string, k: number, width: number, count: number): void {
  for (let i = 0; i < count; i++) convLayer(b, `${prefix}${i}`, k, width * 2 ** i, width * 2 ** (i + 1), true);
}

/** ResNet generator (Johnson et al.): stem k7, two k3 s2 downsamplings, residual blocks, two k3 s2 upsamplings, k7 head. */
export function buildResnetGenerator(arch: CycleganArch, seed: number, prefix: string): Params {
  const b = new ParamBuilder(seed, prefix);
  const n = arch.ngf;
  convLayer(b, 'stem', 7, arch.channels, n, true);
  doublingConvs(b, 'down', 3, n, 2);
  for (let i = 0; i < arch.resBlocks; i++) {
    convLayer(b, `block${i}.a`, 3, 4 * n, 4 * n, true);
    convLayer(b, `block${i}.b`, 3, 4 * n, 4 * n, true);
  }
  convLayer(b, 'up0', 3, 4 * n, 2 * n, true, true);
  convLayer(b, 'up1', 3, 2 * n, n, true, true);
  convLayer(b, 'head', 7, n, arch.channels, false);
  return b.params;
}

/** PatchGAN: k4 s2 convs (ndf, 2ndf, 4ndf; IN from the second), [patch70: k4 s1 8ndf + IN], then a 1-channel head. */
export function buildPatchDiscriminator(arch: CycleganArch, seed: number, prefix: string): Params {
  const b = new ParamBuilder(seed, prefix);
  const n = arch.ndf, patch70 = arch.discriminator === 'patch70';
  convLayer(b, 'first', 4, arch.channels, n, false);
  doublingConvs(b, 'mid', 4, n, patch70 ? 3 : 2);
  if (patch70) convLayer(b, 'out', 4, 8 * n, 1, false);
  else convLayer(b, 'out', 3, 4 * n, 1, false);
  return b.params;
}

const convOf = (p: Params, name: string) => ({ filter: param(p, `${name}.filter`), bias: param(p, `${name}.bias`) });
const normOf = (p: Params, name: string) => ({ gamma: param(p, `${name}.gamma`), beta: param(p, `${name}.beta`) });
/** conv, then instance norm, then ReLU: the generator's layer. */
const inRelu = (h: tf.Tensor4D, p: Params, name: string): tf.Tensor4D => tf.relu(instanceNorm(h, normOf(p, name)));

/** x [B, R, R, C] in [-1, 1] → translated [B, R, R, C] in [-1, 1]. Shapes for 64 px, ngf 32. Allocates: call inside tf.tidy. */
export function runGenerator(arch: CycleganArch, p: Params, x: tf.Tensor4D): tf.Tensor4D {
  let h = inRelu(conv(reflectionPad(x, 3), convOf(p, 'stem'), 1, 'valid'), p, 'stem'); // [B, 64, 64, 32]
  for (const d of ['down0', 'down1']) h = inRelu(conv(h, convOf(p, d), 2, 1), p, d); // [B, 32, 32, 64] → [B, 16, 16, 128]
  for (let i = 0; i < arch.resBlocks; i++) {
    const r = inRelu(conv(reflectionPad(h, 1), convOf(p, `block${i}.a`), 1, 'valid'), p, `block${i}.a`); // [B, 16, 16, 128]
    h = tf.add(h, instanceNorm(conv(reflectionPad(r, 1), convOf(p, `block${i}.b`), 1, 'valid'), normOf(p, `block${i}.b`)));
  }
  for (const u of ['up0', 'up1']) {
    const [B, H, W] = h.shape;
    // PyTorch ConvTranspose2d(k3, s2, p1, output_padding 1) == pad 1 of the matching forward conv
    h = inRelu(convTranspose(h, convOf(p, u), [B, 2 * H, 2 * W, param(p, `${u}.gamma`).shape[0]!], 2, 1), p, u); // → [B, 64, 64, 32]
  }
  return tf.tanh(conv(reflectionPad(h, 3), convOf(p, 'head'), 1, 'valid')); // [B, 64, 64, C]
}

/**
 * x [B, R, R, C] → patch scores (LSGAN: no sigmoid). patch38: [B, R/8, R/8, 1]; patch70: [B, R/8 − 2, R/8 − 2, 1],
 * each score seeing a 70×70 window.
 */
export function runDiscriminator(arch: CycleganArch, p: Params, x: tf.Tensor4D): tf.Tensor4D {
  let h = tf.leakyRelu(conv(x, convOf(p, 'first'), 2, 1), 0.2); // [B, R/2, R/2, ndf]
  if (arch.discriminator === 'patch38') {
    for (const m of ['mid0', 'mid1']) h = tf.leakyRelu(instanceNorm(conv(h, convOf(p, m), 2, 1), normOf(p, m)), 0.2); // R/4, R/8
    return conv(h, convOf(p, 'out'), 1, 1); // [B, R/8, R/8, 1]
  }
  for (const [name, stride] of [['mid0', 2], ['mid1', 2], ['mid2', 1]] as const) {
    h = tf.leakyRelu(instanceNorm(conv(h, convOf(p, name), stride, 1), normOf(p, name)), 0.2); // R/4, R/8, then R/8 − 1
  }
  return conv(h, convOf(p, 'out'), 1, 1); // [B, R/8 − 2, R/8 − 2, 1]
}
