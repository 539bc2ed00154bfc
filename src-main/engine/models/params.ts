import * as tf from '@tensorflow/tfjs';

/**
 * Named, seeded parameters for every model's networks. A variable's name is stable: checkpoints store it by name.
 */

/** Named weights of one network: name → variable. Checkpoints and the EMA walk these by name. */
export type Params = Record<string, tf.Variable>;

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

/** `{prefix/name: v}` for a params object or `{prefix/index: v}` for a list (optimizer moments): checkpoint names. */
export const prefixed = (prefix: string, vars: Record<string, tf.Variable> | tf.Variable[]): Record<string, tf.Variable> =>
  Object.fromEntries(Object.entries(vars).map(([k, v]) => [`${prefix}/${k}`, v]));

/** Assigns stored values to existing variables by name; a missing or reshaped one is an error naming it. */
export function assignStored(vars: Record<string, tf.Variable>, stored: Map<string, { shape: number[]; values: Float32Array }>): void {
  for (const [name, v] of Object.entries(vars)) {
    const s = stored.get(name);
    if (!s) throw new Error(`checkpoint has no tensor ${name}`);
    if (s.shape.join('x') !== v.shape.join('x')) throw new Error(`checkpoint tensor ${name} is ${s.shape.join('×')}, the model wants ${v.shape.join('×')}`);
    tf.tidy(() => v.assign(tf.tensor(s.values, v.shape, 'float32')));
  }
}

/**
 * Freshly built `params` (a sampler's) loaded with a checkpoint's tensors stored under `prefix/…`; on a missing or
 * reshaped tensor they are freed before the error goes on, so a bad checkpoint leaks nothing.
 */
export function loadedParams(params: Params, prefix: string, stored: Map<string, { shape: number[]; values: Float32Array }>): Params {
  try {
    assignStored(prefixed(prefix, params), stored);
    return params;
  } catch (err) {
    disposeParams(params);
    throw err;
  }
}

/**
 * One EMA step of `ema` towards `live` at optimizer step `step`. The decay warms up as min(decay, (1 + t) / (10 + t)),
 * so that early samples are not stale.
 */
export function updateEma(ema: Params, live: Params, decayMax: number, step: number): void {
  const decay = Math.min(decayMax, (1 + step) / (10 + step));
  tf.tidy(() => {
    for (const [name, v] of Object.entries(live)) ema[name]!.assign(tf.add(tf.mul(ema[name]!, decay), tf.mul(v, 1 - decay)));
  });
}
