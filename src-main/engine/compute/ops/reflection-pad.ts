import * as tf from '@tensorflow/tfjs';
import { REFLECTION_PAD_GRAD_KERNEL } from '../wasm-kernels/reflection-pad-grad';

/**
 * Reflection padding of H and W by `p` (PyTorch `ReflectionPad2d(p)`): [B, H, W, C] → [B, H+2p, W+2p, C].
 * Forward is the native `MirrorPad('reflect')`. The gradient is ours: tfjs 4.22's MirrorPad gradient only slices
 * the centre and drops what the reflected border contributed, which is wrong for training. On wasm it is one
 * kernel (wasm-kernels/reflection-pad-grad.ts); elsewhere the fold below, in ops.
 */
export function reflectionPad(x: tf.Tensor4D, p: number): tf.Tensor4D {
  if (p === 0) return x;
  const [, H, W] = x.shape;
  if (p >= H || p >= W) throw new Error(`reflectionPad: pad ${p} needs H and W above it, got ${H}×${W}`);
  const f = tf.customGrad(((input: tf.Tensor4D) => ({
    value: tf.mirrorPad(input, [[0, 0], [p, p], [p, p], [0, 0]], 'reflect'),
    gradFunc: (dy: tf.Tensor4D) => (tf.getKernel(REFLECTION_PAD_GRAD_KERNEL, tf.getBackend())
      ? tf.engine().runKernel(REFLECTION_PAD_GRAD_KERNEL, { dy }, { p }) as tf.Tensor4D
      : foldReflection(dy, p)),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x) as tf.Tensor4D;
}

/** Adjoint of reflection padding along one axis (1 = H, 2 = W): folds the two borders back onto rows 1..p. */
function foldAxis(dy: tf.Tensor4D, p: number, axis: 1 | 2): tf.Tensor4D {
  const n = dy.shape[axis] - 2 * p; // unpadded length
  const begin = (start: number): [number, number, number, number] => (axis === 1 ? [0, start, 0, 0] : [0, 0, start, 0]);
  const size = (len: number): [number, number, number, number] =>
    (axis === 1 ? [-1, len, -1, -1] : [-1, -1, len, -1]);
  const pads = (before: number, after: number): Array<[number, number]> =>
    (axis === 1 ? [[0, 0], [before, after], [0, 0], [0, 0]] : [[0, 0], [0, 0], [before, after], [0, 0]]);
  const centre = tf.slice(dy, begin(p), size(n));
  // padded index i < p mirrors x[p − i]; padded index p+n+j mirrors x[n − 2 − j]
  const head = tf.reverse(tf.slice(dy, begin(0), size(p)), axis);
  const tail = tf.reverse(tf.slice(dy, begin(p + n), size(p)), axis);
  return tf.addN([centre, tf.pad(head, pads(1, n - 1 - p)), tf.pad(tail, pads(n - 1 - p, 1))]) as tf.Tensor4D;
}

function foldReflection(dy: tf.Tensor4D, p: number): tf.Tensor4D {
  return foldAxis(foldAxis(dy, p, 2), p, 1);
}
