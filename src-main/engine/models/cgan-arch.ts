import * as tf from '@tensorflow/tfjs';

/** Named weights of one network: name → variable. Checkpoints and the EMA walk these by name. */
export type Params = Record<string, tf.Variable>;

/** The shape of a conditional DCGAN at one resolution (derived from the run config). */
export interface CganArch {
  resolution: 28 | 32 | 64 | 128;
  channels: 1 | 3;
  classes: number;
  zDim: number;
  embDim: number;
  dHead: 'projection' | 'label-channel';
  /** Side of G's first feature map (after the dense layer). */
  baseSide: number;
  /** G depths: first map, then after each hidden upsampling (the last upsampling outputs the image). */
  genChannels: number[];
  /** D conv depths, k4 s2 each. */
  discChannels: number[];
}

/**
 * Architecture per resolution; `width` = w. At w = 64 the 28 and 64 px shapes are bench/README.md's cgan28 and
 * cgan64 exactly. 28: 7→14→28; 32: 4→8→16→32; 64: 8→16→32→64; 128: 8→16→32→64→128.
 */
export function cganArch(o: { resolution: CganArch['resolution']; channels: 1 | 3; classes: number; width: number; zDim: number;
  embDim: number; dHead: CganArch['dHead'] }): CganArch {
  const w = o.width;
  const base = { resolution: o.resolution, channels: o.channels, classes: o.classes, zDim: o.zDim, embDim: o.embDim, dHead: o.dHead };
  switch (o.resolution) {
    case 28: return { ...base, baseSide: 7, genChannels: [2 * w, w], discChannels: [w, 2 * w] };
    case 32: return { ...base, baseSide: 4, genChannels: [4 * w, 2 * w, w], discChannels: [w, 2 * w, 4 * w] };
    case 64: return { ...base, baseSide: 8, genChannels: [4 * w, 2 * w, w], discChannels: [w, 2 * w, 4 * w] };
    case 128: return { ...base, baseSide: 8, genChannels: [8 * w, 4 * w, 2 * w, w], discChannels: [w, 2 * w, 4 * w, 8 * w] };
  }
}

/** FNV-1a of a string mixed with the run seed: each variable gets its own, stable init seed. */
export function variableSeed(runSeed: number, name: string): number {
  let h = (0x811c9dc5 ^ runSeed) >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h % 2 ** 31;
}

/** Collects variables as they are created, each initialised from its own seed (tf.randomNormal honours it). */
export class ParamBuilder {
  readonly params: Params = {};
  constructor(private readonly seed: number, private readonly prefix: string) {}

  /** N(0, std) weights (DCGAN: 0.02), seeded by name. */
  normal(name: string, shape: number[], std = 0.02): tf.Variable {
    const full = `${this.prefix}.${name}`;
    return this.add(name, tf.randomNormal(shape, 0, std, 'float32', variableSeed(this.seed, full)));
  }

  zeros(name: string, shape: number[]): tf.Variable {
    return this.add(name, tf.zeros(shape));
  }

  ones(name: string, shape: number[]): tf.Variable {
    return this.add(name, tf.ones(shape));
  }

  private add(name: string, init: tf.Tensor): tf.Variable {
    if (this.params[name]) throw new Error(`duplicate parameter ${name}`);
    // Unnamed: tfjs gives each variable a unique name, so several models (and the EMA copy) live side by side.
    const v = tf.variable(init, true);
    init.dispose(); // the variable holds its own reference to the data
    this.params[name] = v;
    return v;
  }
}

/** A parameter that must exist (a missing one is a builder bug, not user input). */
export function param(p: Params, name: string): tf.Variable {
  const v = p[name];
  if (!v) throw new Error(`missing parameter ${name}`);
  return v;
}

/** Independent copies of `p` (same names), e.g. the generator's EMA. Not trainable. */
export function cloneParams(p: Params): Params {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => {
    const copy = v.clone();
    const ema = tf.variable(copy, false);
    copy.dispose(); // the variable keeps its own reference to the data
    return [k, ema];
  }));
}

export function disposeParams(p: Params): void {
  for (const v of Object.values(p)) v.dispose();
}

/** Variables in a stable (name-sorted) order, for optimisers and checkpoints. */
export function paramList(p: Params): tf.Variable[] {
  return Object.keys(p).sort().map((k) => p[k]!);
}

/** Number of scalars in `p`. */
export function countParams(p: Params): number {
  return Object.values(p).reduce((n, v) => n + v.size, 0);
}
