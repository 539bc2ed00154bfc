import * as tf from '@tensorflow/tfjs';

/**
 * Conv + bias and matmul + bias as the backend's fused kernels, with gradients the tape can prune.
 *
 * Why: `tf.fused.conv2d` / `tf.fused.matMul` wrap their kernel in `customGrad`, whose gradient function computes
 * every input's gradient at once. In a GAN's generator update the gradient flows *through* the discriminator, so
 * each of D's layers then also computed its filter and bias gradients, only to throw them away: measured ~28 ms
 * of a 2-thread cgan28 step, the filter gradients of D's two convs. Running the fused kernels through
 * `runKernel` with a registered gradient of one lazy function per input lets tfjs skip the inputs that do not
 * lead to the variables being differentiated (its tape pruning), on every backend.
 */

type Pad = 'same' | 'valid' | tf.backend_util.ExplicitPadding;

interface FusedConvAttrs { strides: [number, number]; pad: Pad; dataFormat: 'NHWC'; dilations: [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil'; activation: 'linear' }

let registered = false;

function registerGradients(): void {
  if (registered) return;
  registered = true;
  tf.registerGradient({
    kernelName: 'FusedConv2D',
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
      const a = attrs as unknown as FusedConvAttrs;
      const d = dy as tf.Tensor4D;
      const common = { strides: a.strides, pad: a.pad, dataFormat: a.dataFormat, dimRoundingMode: a.dimRoundingMode };
      return {
        x: () => tf.engine().runKernel('Conv2DBackpropInput', { dy: d, filter }, { ...common, inputShape: x.shape } as unknown as tf.NamedAttrMap) as tf.Tensor,
        filter: () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: d }, { ...common, filterShape: filter.shape } as unknown as tf.NamedAttrMap) as tf.Tensor,
        bias: () => tf.sum(d, [0, 1, 2]),
      };
    },
  });
  tf.registerGradient({
    kernelName: '_FusedMatMul',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const [a, b] = saved as [tf.Tensor3D, tf.Tensor3D];
      const d = dy as tf.Tensor3D;
      return {
        a: () => tf.matMul(d, b, false, true),
        b: () => tf.matMul(a, d, true, false),
        bias: () => tf.sum(d, [0, 1]),
      };
    },
  });
}

/** conv2d(x, filter) + bias, NHWC, no activation: [B, H, W, Cin] → [B, H', W', Cout]. */
export function fusedConv2d(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D, stride: number, pad: Pad): tf.Tensor4D {
  registerGradients();
  const attrs: FusedConvAttrs = { strides: [stride, stride], pad, dataFormat: 'NHWC', dilations: [1, 1], activation: 'linear' };
  return tf.engine().runKernel('FusedConv2D', { x, filter, bias }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

/** a · b + bias, no transposes, no activation: [M, K] · [K, N] → [M, N]. (The kernel takes batches: [1, M, K].) */
export function fusedMatMul(a: tf.Tensor2D, b: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  registerGradients();
  const [M, K] = a.shape, N = b.shape[1];
  const attrs = { transposeA: false, transposeB: false, activation: 'linear' };
  const y = tf.engine().runKernel('_FusedMatMul', { a: tf.reshape(a, [1, M, K]), b: tf.reshape(b, [1, K, N]), bias }, attrs) as tf.Tensor3D;
  return tf.reshape(y, [M, N]);
}
