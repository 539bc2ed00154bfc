import * as tf from '@tensorflow/tfjs';
import { attr, stockKernel, type KernelArgs, type TensorInfo } from './kernel-helpers';

/** Our kernel for the gradient of LeakyRelu; the gradient below uses it when the active backend registers it. */
export const LEAKY_RELU_GRAD_KERNEL = 'GanStudioLeakyReluGrad';

/**
 * The slope by sign, indexed without a branch: a float's bits read as int32 t give x > 0 ⇔ t > 0, and
 * ((t − 1) | t) has its sign bit set exactly when t ≤ 0 (also for −0 and negative NaNs), so
 * slope[((t − 1) | t) >>> 31] is 1 for x > 0 and α otherwise. α is rounded to float32 as the stock wasm kernel
 * and tfjs' gradient (a float32 scalar tensor) have it; the cpu backend's forward uses it unrounded (≤ 1 ulp apart).
 */
function slopes(alpha: number): Float64Array {
  return new Float64Array([1, Math.fround(alpha)]);
}

/**
 * `LeakyRelu` for wasm through XNNPACK's PReLU (the stock `Prelu` kernel) with α as a per-channel slope.
 * Why: the stock LeakyRelu kernel branches per element, and on activations whose signs are random (every GAN
 * layer) the mispredictions cost ~5 ns an element: measured 10.4 ms vs 1.9 ms on 1.6 M floats (a branchless JS
 * pass took 7.2). PReLU computes x < 0 ? α·x : x in float32, the stock kernel's values.
 */
export function makeLeakyRelu(): (args: KernelArgs) => TensorInfo {
  const stock = stockKernel('LeakyRelu'), prelu = stockKernel('Prelu');
  // slope vectors kept per (channels, α): the native side caches its PReLU operator per slope tensor, so a
  // fresh one per call would rebuild it every time (a network has a handful of these, a few KB in all)
  const slopes = new Map<string, TensorInfo>();
  return (args) => {
    const { backend } = args;
    const x = args.inputs.x as TensorInfo;
    const channels = x.shape[x.shape.length - 1] ?? 0;
    if (x.dtype !== 'float32' || channels === 0) return stock(args);
    const a = attr<number>(args.attrs, 'alpha'), key = `${channels}:${a}`;
    let alpha = slopes.get(key);
    if (!alpha) {
      alpha = backend.makeOutput([channels], 'float32');
      (backend.typedArrayFromHeap(alpha) as Float32Array).fill(a);
      slopes.set(key, alpha);
    }
    return prelu({ inputs: { x, alpha }, backend });
  };
}

/**
 * dx = dy · (x > 0 ? 1 : α) in one branchless pass (the stock gradient is Greater + Select + Multiply, three
 * passes, two of them branchy: ~35 ms a cGAN28 step).
 */
export function leakyReluGrad({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const dy = inputs.dy as TensorInfo, x = inputs.x as TensorInfo;
  const slope = slopes(attr<number>(attrs, 'alpha'));
  const out = backend.makeOutput([...x.shape], 'float32');
  const o = backend.typedArrayFromHeap(out) as Float32Array;
  const dv = backend.typedArrayFromHeap(dy) as Float32Array;
  const xf = backend.typedArrayFromHeap(x) as Float32Array;
  const xi = new Int32Array(xf.buffer, xf.byteOffset, xf.length);
  for (let i = 0; i < xi.length; i++) {
    const t = xi[i]!;
    o[i] = dv[i]! * slope[((t - 1) | t) >>> 31]!;
  }
  return out;
}

/**
 * Replaces LeakyRelu's gradient so that backends with our kernel (wasm) use it; others keep tfjs' formula.
 * The gradient registry is global (not per backend), hence the check at call time. (Relu's gradient, Step +
 * Multiply, was measured no slower than this kernel on CycleGAN's shapes, so it stays tfjs'.)
 */
export function registerLeakyReluGradient(): void {
  tf.registerGradient({
    kernelName: 'LeakyRelu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = saved[0]!, d = dy as tf.Tensor, alpha = (attrs as { alpha: number }).alpha;
      return {
        x: () => (d.dtype === 'float32' && x.dtype === 'float32' && tf.getKernel(LEAKY_RELU_GRAD_KERNEL, tf.getBackend())
          ? tf.engine().runKernel(LEAKY_RELU_GRAD_KERNEL, { dy: d, x }, { alpha }) as tf.Tensor
          : tf.where(tf.greater(x, 0), d, tf.mul(d, alpha))),
      };
    },
  });
}
