import * as tf from '@tensorflow/tfjs';
import { NORM_GRAD_KERNEL, NORM_KERNEL } from '../wasm-kernels/norm';

/** Learned affine parameters of a norm layer: per channel, γ starts at 1 and β at 0 (PyTorch's defaults). */
export interface NormParams {
  gamma: tf.Variable; // [C]
  beta: tf.Variable; // [C]
}

/**
 * y = (x − mean)/√(var + ε)·γ + β with statistics over `axes` (biased variance), and its analytic gradient:
 *   dβ = Σ dy, dγ = Σ dy·x̂, dx = γ·rstd/M · (M·dy − Σ_axes dy − x̂·Σ_axes dy·x̂)
 * (M = elements per statistic; for instance norm dβ, dγ also sum over the batch). Why custom: autograd through
 * moments costs ~4× the ops, and tfjs's FusedBatchNorm gradient tiles full-size tensors on wasm (measured 84 ms
 * of a 1.45 s cgan28 step).
 */
function normalizeAffine(x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor, axes: number[], eps: number): tf.Tensor4D {
  if (tf.getKernel(NORM_KERNEL, tf.getBackend())) return normalizeAffineKernel(x, gamma, beta, axes.length === 3 ? 1 : x.shape[0], eps);
  const M = axes.reduce((n, a) => n * x.shape[a]!, 1);
  // batch norm reduces over [0, 1, 2] like its parameter gradients, so those reuse its sums; instance norm adds
  // only a sum over the (tiny) [B, 1, 1, C] per-sample sums
  const perSample = axes.length !== 3;
  const f = tf.customGrad(((xi: tf.Tensor4D, g: tf.Tensor, b: tf.Tensor, save: (ts: tf.Tensor[]) => void) => {
    // full-size passes: mean, x − mean, square, mean, scale, shift (tf.moments + x̂ would take 8)
    const centred = tf.sub(xi, tf.mean(xi, axes, true));
    const variance = tf.mean(tf.square(centred), axes, true);
    const rstd = tf.rsqrt(tf.add(variance, eps)); // [1|B, 1, 1, C]
    save([centred, rstd, g]);
    return {
      value: tf.add(tf.mul(centred, tf.mul(rstd, g)), b),
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [xc, rs, gm] = saved as [tf.Tensor4D, tf.Tensor, tf.Tensor];
        const xh = tf.mul(xc, rs);
        const sumDy = tf.sum(dy, axes, true), sumDyXhat = tf.sum(tf.mul(dy, xh), axes, true);
        // dx = γ·rstd · (dy − Σdy/M − x̂·Σdy·x̂/M): four full-size passes
        const dx = tf.mul(tf.sub(tf.sub(dy, tf.div(sumDy, M)), tf.mul(xh, tf.div(sumDyXhat, M))), tf.mul(gm, rs));
        const dGamma = perSample ? tf.sum(sumDyXhat, 0) : sumDyXhat, dBeta = perSample ? tf.sum(sumDy, 0) : sumDy;
        return [dx, tf.reshape(dGamma, gm.shape), tf.reshape(dBeta, gm.shape)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x, gamma, beta) as tf.Tensor4D;
}

/**
 * The same as one kernel each way (wasm-kernels/norm.ts: native passes called directly, no engine call per op):
 * the op form costs ~9 engine calls forward and ~15 backward, each with a fixed cost of tens of µs.
 * `groups`: B for instance norm, 1 for batch norm.
 */
function normalizeAffineKernel(x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor, groups: number, eps: number): tf.Tensor4D {
  const f = tf.customGrad(((xi: tf.Tensor4D, g: tf.Tensor, b: tf.Tensor, save: (ts: tf.Tensor[]) => void) => {
    const [y, xhat, rstd] = tf.engine().runKernel(NORM_KERNEL, { x: xi, gamma: g, beta: b }, { groups, eps }) as tf.Tensor[];
    save([xhat!, rstd!, g]);
    return {
      value: y as tf.Tensor4D,
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [xh, rs, gm] = saved as [tf.Tensor4D, tf.Tensor, tf.Tensor];
        return tf.engine().runKernel(NORM_GRAD_KERNEL, { dy, xhat: xh, rstd: rs, gamma: gm }, { groups }) as tf.Tensor[];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x, gamma, beta) as tf.Tensor4D;
}

/** Batch norm with batch statistics (training mode), as PyTorch's BatchNorm2d in train(): [B, H, W, C] → same. */
export function batchNormTrain(x: tf.Tensor4D, p: NormParams, eps = 1e-5): tf.Tensor4D {
  return normalizeAffine(x, p.gamma, p.beta, [0, 1, 2], eps);
}

/**
 * Instance norm with affine γ, β (PyTorch `InstanceNorm2d(affine=True)`): statistics per sample and channel over
 * H×W, biased variance. [B, H, W, C] → same.
 */
export function instanceNorm(x: tf.Tensor4D, p: NormParams, eps = 1e-5): tf.Tensor4D {
  return normalizeAffine(x, p.gamma, p.beta, [1, 2], eps);
}
