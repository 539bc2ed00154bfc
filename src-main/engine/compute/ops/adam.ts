import * as tf from '@tensorflow/tfjs';
import { ADAM_UPDATE_KERNEL, type AdamUpdateAttrs } from '../wasm-kernels/adam-update';

/** Adam hyper-parameters; the defaults are the GAN ones of the benchmark (lr 2e-4, β1 0.5, β2 0.999). */
export interface AdamConfig {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
}

export const GAN_ADAM: AdamConfig = { lr: 2e-4, beta1: 0.5, beta2: 0.999, eps: 1e-8 };

/** Adam over a fixed list of variables; its moments are part of a training checkpoint. */
export interface Adam {
  readonly vars: tf.Variable[];
  /** Moments, same shapes as `vars`. */
  readonly m: tf.Variable[];
  readonly v: tf.Variable[];
  /** Updates done so far (bias correction uses it). */
  step: number;
  /** One update with `grads[i]` the gradient of `vars[i]`; disposes nothing it was given. */
  apply(grads: tf.Tensor[]): void;
  dispose(): void;
}

/**
 * Creates Adam (PyTorch's formulation: ε added to the bias-corrected √v) for `vars`.
 * Bias corrections fold into one scalar step size per update, so each variable costs few ops.
 */
export function createAdam(vars: tf.Variable[], cfg: AdamConfig = GAN_ADAM): Adam {
  // tidy frees the zero tensors the variables were copied from (variables themselves survive it)
  const m = tf.tidy(() => vars.map((x) => tf.variable(tf.zerosLike(x), false)));
  const v = tf.tidy(() => vars.map((x) => tf.variable(tf.zerosLike(x), false)));
  const adam: Adam = {
    vars, m, v, step: 0,
    apply(grads) {
      if (grads.length !== vars.length) throw new Error(`Adam: ${grads.length} gradients for ${vars.length} variables`);
      adam.step += 1;
      const c1 = 1 - cfg.beta1 ** adam.step, c2 = 1 - cfg.beta2 ** adam.step;
      if (tf.getKernel(ADAM_UPDATE_KERNEL, tf.getBackend())) {
        // one fused kernel call per variable instead of 12 (wasm)
        const attrs: AdamUpdateAttrs = { stepSize: cfg.lr / c1, invSqrtC2: 1 / Math.sqrt(c2), beta1: cfg.beta1, beta2: cfg.beta2, eps: cfg.eps };
        grads.forEach((g, i) => {
          const [x, mNew, vNew] = tf.engine().runKernel(ADAM_UPDATE_KERNEL, { x: vars[i]!, m: m[i]!, v: v[i]!, g },
            attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
          vars[i]!.assign(x!);
          m[i]!.assign(mNew!);
          v[i]!.assign(vNew!);
          tf.dispose([x!, mNew!, vNew!]);
        });
        return;
      }
      tf.tidy(() => {
        const stepSize = tf.scalar(cfg.lr / c1);
        const invSqrtC2 = tf.scalar(1 / Math.sqrt(c2));
        const eps = tf.scalar(cfg.eps), b1 = tf.scalar(cfg.beta1), b2 = tf.scalar(cfg.beta2);
        const nb1 = tf.scalar(1 - cfg.beta1), nb2 = tf.scalar(1 - cfg.beta2);
        grads.forEach((g, i) => {
          const mi = m[i]!, vi = v[i]!, x = vars[i]!;
          const mNew = tf.add(tf.mul(mi, b1), tf.mul(g, nb1));
          const vNew = tf.add(tf.mul(vi, b2), tf.mul(tf.square(g), nb2));
          mi.assign(mNew);
          vi.assign(vNew);
          // x ← x − lr/c1 · m / (√v/√c2 + ε)
          x.assign(tf.sub(x, tf.div(tf.mul(mNew, stepSize), tf.add(tf.mul(tf.sqrt(vNew), invSqrtC2), eps))));
        });
      });
    },
    dispose() {
      for (const t of [...m, ...v]) t.dispose();
    },
  };
  return adam;
}
