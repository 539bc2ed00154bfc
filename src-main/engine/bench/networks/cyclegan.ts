import * as tf from '@tensorflow/tfjs';
import { collectVariables, conv, convTranspose, createConv, createConvTranspose, type ConvParams } from '../../compute/ops/layers';
import { createNormParams, instanceNorm, type NormParams } from '../../compute/ops/norms';
import { reflectionPad } from '../../compute/ops/reflection-pad';

/** Shape of a CycleGAN pair (bench/README.md: cyclegan64). */
export interface CycleGanConfig {
  size: number;
  channels: number;
  /** Generator base width (ngf) and residual blocks; discriminator base width (ndf). */
  ngf: number;
  resBlocks: number;
  ndf: number;
}

export const CYCLEGAN64: CycleGanConfig = { size: 64, channels: 3, ngf: 32, resBlocks: 3, ndf: 64 };

/** A conv followed by instance norm. */
interface ConvNorm {
  conv: ConvParams;
  norm: NormParams;
}
const convNorm = (k: number, cin: number, cout: number): ConvNorm => ({ conv: createConv(k, cin, cout), norm: createNormParams(cout) });

export interface ResnetGenerator {
  cfg: CycleGanConfig;
  stem: ConvNorm; // reflect 3, k7 → ngf
  down: ConvNorm[]; // k3 s2: ngf → 2ngf → 4ngf
  blocks: Array<[ConvNorm, ConvNorm]>; // 4ngf, reflect 1 + k3 each
  up: ConvNorm[]; // transposed k3 s2: 4ngf → 2ngf → ngf
  head: ConvParams; // reflect 3, k7 → channels, tanh
}

export interface PatchDiscriminator {
  first: ConvParams; // k4 s2 → ndf, LeakyReLU
  mid: ConvNorm[]; // k4 s2 → 2ndf → 4ndf, IN + LeakyReLU
  out: ConvParams; // k3 s1 → 1
}

export function buildResnetGenerator(cfg: CycleGanConfig): ResnetGenerator {
  const n = cfg.ngf;
  return {
    cfg,
    stem: convNorm(7, cfg.channels, n),
    down: [convNorm(3, n, 2 * n), convNorm(3, 2 * n, 4 * n)],
    blocks: Array.from({ length: cfg.resBlocks }, () => [convNorm(3, 4 * n, 4 * n), convNorm(3, 4 * n, 4 * n)] as [ConvNorm, ConvNorm]),
    // transposed conv params: createConvTranspose(k, cin, cout) but the norm follows cout
    up: [{ conv: createConvTranspose(3, 4 * n, 2 * n), norm: createNormParams(2 * n) },
      { conv: createConvTranspose(3, 2 * n, n), norm: createNormParams(n) }],
    head: createConv(7, n, cfg.channels),
  };
}

export function buildPatchDiscriminator(cfg: CycleGanConfig): PatchDiscriminator {
  const n = cfg.ndf;
  return { first: createConv(4, cfg.channels, n), mid: [convNorm(4, n, 2 * n), convNorm(4, 2 * n, 4 * n)], out: createConv(3, 4 * n, 1) };
}

/** [B, S, S, C] in [-1, 1] → [B, S, S, C] in [-1, 1]. Shapes below for cyclegan64 (S = 64, ngf = 32). */
export function translate(g: ResnetGenerator, x: tf.Tensor4D): tf.Tensor4D {
  const inRelu = (h: tf.Tensor4D, p: ConvNorm): tf.Tensor4D => tf.relu(instanceNorm(h, p.norm));
  let h = inRelu(conv(reflectionPad(x, 3), g.stem.conv, 1, 'valid'), g.stem); // [B, 64, 64, 32]
  for (const d of g.down) h = inRelu(conv(h, d.conv, 2, 1), d); // [B, 32, 32, 64] → [B, 16, 16, 128]
  for (const [a, b] of g.blocks) {
    const r = inRelu(conv(reflectionPad(h, 1), a.conv, 1, 'valid'), a); // [B, 16, 16, 128]
    h = tf.add(h, instanceNorm(conv(reflectionPad(r, 1), b.conv, 1, 'valid'), b.norm));
  }
  for (const u of g.up) {
    const [B, H, W] = h.shape;
    // PyTorch ConvTranspose2d(k3, s2, p1, output_padding 1) == pad 1 of the matching forward conv
    h = inRelu(convTranspose(h, u.conv, [B, 2 * H, 2 * W, u.norm.gamma.shape[0]!], 2, 1), u); // [B, 32, 32, 64] → [B, 64, 64, 32]
  }
  return tf.tanh(conv(reflectionPad(h, 3), g.head, 1, 'valid')); // [B, 64, 64, 3]
}

/** [B, 64, 64, C] → patch logits [B, 8, 8, 1] (least-squares GAN: no sigmoid). */
export function patchScores(d: PatchDiscriminator, x: tf.Tensor4D): tf.Tensor4D {
  let h = tf.leakyRelu(conv(x, d.first, 2, 1), 0.2); // [B, 32, 32, 64]
  for (const m of d.mid) h = tf.leakyRelu(instanceNorm(conv(h, m.conv, 2, 1), m.norm), 0.2); // [B, 16, 16, 128] → [B, 8, 8, 256]
  return conv(h, d.out, 1, 1); // [B, 8, 8, 1]
}

export const resnetGeneratorVariables = (g: ResnetGenerator): tf.Variable[] => collectVariables([g.stem, g.down, g.blocks, g.up, g.head]);
export const patchDiscriminatorVariables = (d: PatchDiscriminator): tf.Variable[] => collectVariables([d.first, d.mid, d.out]);
