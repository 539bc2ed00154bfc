import * as tf from '@tensorflow/tfjs';
import { Rng } from './rng';

/**
 * A fixed feature space that sees shape rather than brightness, for the collapse check. No pretrained network can be
 * downloaded here and training one per run costs minutes, so this is a seeded random two-layer conv net (random
 * conv features are a known, cheap proxy for perceptual distance) applied to images standardised one by one: a
 * generator that draws one garment brighter or darker gives near-identical features, while pixel distance would
 * count the brightness as diversity (issue 12: pixel L2 missed the collapse).
 */

const SIDE = 32; // every resolution is resized to this, so the feature length does not depend on it
const SEED = 20_260_112;

interface FeatureNet {
  channels: number;
  f1: tf.Tensor4D; // [5, 5, C, 32]
  f2: tf.Tensor4D; // [3, 3, 32, 64]
}
const nets = new Map<string, FeatureNet>();

/** He-scaled N(0, 2/fan-in) filters from the project's own RNG (the same numbers on every backend). */
function filter(rng: Rng, shape: [number, number, number, number]): tf.Tensor4D {
  const fanIn = shape[0] * shape[1] * shape[2];
  const w = rng.normals(shape.reduce((a, b) => a * b, 1)).map((v) => v * Math.sqrt(2 / fanIn));
  return tf.tensor4d(w, shape);
}

function netFor(channels: number): FeatureNet {
  // Per backend too: a run may resume on another backend in the same process, and a tensor of one backend fed to
  // another's kernel is moved by a synchronous read (which WebGPU cannot do in Node).
  const key = `${tf.getBackend()}:${channels}`;
  let net = nets.get(key);
  if (!net) {
    const rng = new Rng(SEED, channels);
    // Kept for the life of the process: two small constants per backend and channel count, reused by every check.
    net = { channels, f1: tf.keep(filter(rng, [5, 5, channels, 32])), f2: tf.keep(filter(rng, [3, 3, 32, 64])) };
    nets.set(key, net);
  }
  return net;
}

/** Feature length of `shapeFeatures`. */
export const SHAPE_FEATURE_DIM = 4 * 4 * 64;

/**
 * images [N, R, R, C] in [-1, 1] → features [N, 1024]. Each image is standardised (zero mean, unit spread) first,
 * so brightness and contrast do not count. Allocates: call inside tf.tidy (or dispose the result).
 */
export function shapeFeatures(images: tf.Tensor4D): tf.Tensor2D {
  const net = netFor(images.shape[3]);
  return tf.tidy(() => {
    const x = images.shape[1] === SIDE ? images : tf.image.resizeBilinear(images, [SIDE, SIDE]); // [N, 32, 32, C]
    const { mean, variance } = tf.moments(x, [1, 2, 3], true);
    const z = tf.div(tf.sub(x, mean), tf.add(tf.sqrt(variance), 0.05)) as tf.Tensor4D;
    let h = tf.relu(tf.conv2d(z, net.f1, 1, 'same')); // [N, 32, 32, 32]
    h = tf.avgPool(h, 2, 2, 'valid'); // [N, 16, 16, 32]
    h = tf.relu(tf.conv2d(h, net.f2, 1, 'same')); // [N, 16, 16, 64]
    h = tf.avgPool(h, 4, 4, 'valid'); // [N, 4, 4, 64]
    return h.reshape([images.shape[0], SHAPE_FEATURE_DIM]) as tf.Tensor2D;
  });
}

/**
 * Features of images given as flat values ([N, R, R, C], uint8 0–255 when `scale` = 1/127.5 and `offset` = −1, or
 * floats in [-1, 1]), in chunks so a large reference set does not hold one huge activation. Reads back with `data()`.
 */
export async function shapeFeaturesOf(values: Uint8Array | Float32Array, n: number, side: number, channels: number,
  scale = 1, offset = 0): Promise<Float32Array> {
  const frame = side * side * channels;
  const out = new Float32Array(n * SHAPE_FEATURE_DIM);
  for (let start = 0; start < n; start += 256) {
    const m = Math.min(256, n - start);
    const chunk = new Float32Array(m * frame);
    for (let k = 0; k < m * frame; k++) chunk[k] = values[start * frame + k]! * scale + offset;
    const f = tf.tidy(() => shapeFeatures(tf.tensor4d(chunk, [m, side, side, channels])));
    out.set(await f.data(), start * SHAPE_FEATURE_DIM);
    f.dispose();
  }
  return out;
}
