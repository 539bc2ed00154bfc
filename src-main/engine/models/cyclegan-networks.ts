import * as tf from '@tensorflow/tfjs';
import { conv } from '../compute/ops/layers';
import { instanceNorm } from '../compute/ops/norms';
import { patchScores, translate, type PatchDiscriminator, type ResnetGenerator } from '../bench/networks/cyclegan';
import { cycleganResBlocks, type CycleganRunConfig } from '../../shared/domain/cyclegan-config';
import { param, ParamBuilder, type Params } from './cgan-arch';

/**
 * CycleGAN networks as named, seeded parameters (checkpoints store them by name) whose forward passes are the
 * benchmark's (bench/networks/cyclegan.ts: `translate`, `patchScores`), so the `quick` preset IS the bench
 * network. Instance norm γ/β are ordinary parameters (`<layer>.gamma/.beta`): trained, checkpointed.
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

/** ResNet generator (Johnson et al.): stem k7, two k3 s2 downsamplings, residual blocks, two k3 s2 upsamplings, k7 head. */
export function buildResnetGenerator(arch: CycleganArch, seed: number, prefix: string): Params {
  const b = new ParamBuilder(seed, prefix);
  const n = arch.ngf;
  convLayer(b, 'stem', 7, arch.channels, n, true);
  convLayer(b, 'down0', 3, n, 2 * n, true);
  convLayer(b, 'down1', 3, 2 * n, 4 * n, true);
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
  const n = arch.ndf;
  convLayer(b, 'first', 4, arch.channels, n, false);
  convLayer(b, 'mid0', 4, n, 2 * n, true);
  convLayer(b, 'mid1', 4, 2 * n, 4 * n, true);
  if (arch.discriminator === 'patch70') {
    convLayer(b, 'mid2', 4, 4 * n, 8 * n, true);
    convLayer(b, 'out', 4, 8 * n, 1, false);
  } else convLayer(b, 'out', 3, 4 * n, 1, false);
  return b.params;
}

const convOf = (p: Params, name: string) => ({ filter: param(p, `${name}.filter`), bias: param(p, `${name}.bias`) });
const convNormOf = (p: Params, name: string) => ({ conv: convOf(p, name), norm: { gamma: param(p, `${name}.gamma`), beta: param(p, `${name}.beta`) } });

/** The bench's structured view of named generator parameters (same variables, no copies). */
export function benchGeneratorView(arch: CycleganArch, p: Params): ResnetGenerator {
  return {
    cfg: { size: arch.resolution, channels: arch.channels, ngf: arch.ngf, resBlocks: arch.resBlocks, ndf: arch.ndf },
    stem: convNormOf(p, 'stem'),
    down: [convNormOf(p, 'down0'), convNormOf(p, 'down1')],
    blocks: Array.from({ length: arch.resBlocks }, (_, i) => [convNormOf(p, `block${i}.a`), convNormOf(p, `block${i}.b`)]),
    up: [convNormOf(p, 'up0'), convNormOf(p, 'up1')],
    head: convOf(p, 'head'),
  };
}

/** The bench's view of a patch38 discriminator. */
export function benchDiscriminatorView(p: Params): PatchDiscriminator {
  return { first: convOf(p, 'first'), mid: [convNormOf(p, 'mid0'), convNormOf(p, 'mid1')], out: convOf(p, 'out') };
}

/** x [B, R, R, C] in [-1, 1] → translated [B, R, R, C] in [-1, 1]. Allocates: call inside tf.tidy. */
export function runGenerator(arch: CycleganArch, p: Params, x: tf.Tensor4D): tf.Tensor4D {
  return translate(benchGeneratorView(arch, p), x);
}

/**
 * x [B, R, R, C] → patch scores (LSGAN: no sigmoid). patch38: [B, R/8, R/8, 1]; patch70: [B, R/8 − 2, R/8 − 2, 1],
 * each score seeing a 70×70 window.
 */
export function runDiscriminator(arch: CycleganArch, p: Params, x: tf.Tensor4D): tf.Tensor4D {
  if (arch.discriminator === 'patch38') return patchScores(benchDiscriminatorView(p), x);
  let h = tf.leakyRelu(conv(x, convOf(p, 'first'), 2, 1), 0.2); // [B, R/2, R/2, ndf]
  for (const [name, stride] of [['mid0', 2], ['mid1', 2], ['mid2', 1]] as const) {
    const l = convNormOf(p, name);
    h = tf.leakyRelu(instanceNorm(conv(h, l.conv, stride, 1), l.norm), 0.2); // R/4, R/8, then R/8 − 1
  }
  return conv(h, convOf(p, 'out'), 1, 1); // [B, R/8 − 2, R/8 − 2, 1]
}
