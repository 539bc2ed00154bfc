import * as tf from '@tensorflow/tfjs';
import { createAdam, type Adam } from '../../compute/ops/adam';
import { bceWithLogits } from '../../compute/ops/losses';
import {
  buildCganDiscriminator, buildCganGenerator, discriminate, discriminatorVariables, generate, generatorVariables,
  type CganConfig, type CganDiscriminator, type CganGenerator,
} from './cgan';

/** A conditional GAN ready to train: networks and their optimisers. */
export interface CganTrainer {
  g: CganGenerator;
  d: CganDiscriminator;
  optG: Adam;
  optD: Adam;
  dispose(): void;
}

export function buildCganTrainer(cfg: CganConfig): CganTrainer {
  const g = buildCganGenerator(cfg), d = buildCganDiscriminator(cfg);
  const optG = createAdam(generatorVariables(g)), optD = createAdam(discriminatorVariables(d));
  return {
    g, d, optG, optD,
    dispose() {
      optG.dispose();
      optD.dispose();
      for (const v of [...optG.vars, ...optD.vars]) v.dispose();
    },
  };
}

/** Gradients of `loss` w.r.t. `vars`, in the same order, plus the loss value. */
export function gradsOf(loss: () => tf.Scalar, vars: tf.Variable[]): { value: tf.Scalar; grads: tf.Tensor[] } {
  const { value, grads } = tf.variableGrads(loss, vars);
  return { value, grads: vars.map((v) => grads[v.name]!) };
}

/**
 * One training step: a discriminator update (real → 1, fake → 0), then a generator update (non-saturating, fake → 1),
 * on `real` [B, S, S, C] in [-1, 1] with class `labels` [B]. Returns the losses as numbers; leaves no tensors.
 */
export function cganTrainStep(t: CganTrainer, real: tf.Tensor4D, labels: tf.Tensor1D): { lossD: number; lossG: number } {
  const B = real.shape[0];
  const { zDim } = t.g.cfg;
  const losses = tf.tidy(() => {
    const fake = generate(t.g, tf.randomNormal([B, zDim]) as tf.Tensor2D, labels); // not taped: no G gradient here
    // real and fake go through D as one batch of 2B: D has no batch statistics, so the losses are the same as two
    // passes, with half the kernel calls and larger, more efficient matrix products
    const both = tf.concat([real, fake], 0); // [2B, S, S, C]
    const bothLabels = tf.concat([labels, labels], 0);
    const d = gradsOf(() => {
      const logits = discriminate(t.d, both, bothLabels); // [2B, 1]
      return tf.add(bceWithLogits(tf.slice(logits, [0, 0], [B, 1]), 1), bceWithLogits(tf.slice(logits, [B, 0], [B, 1]), 0)) as tf.Scalar;
    }, t.optD.vars);
    t.optD.apply(d.grads);
    const z = tf.randomNormal([B, zDim]) as tf.Tensor2D;
    const g = gradsOf(() => bceWithLogits(discriminate(t.d, generate(t.g, z, labels), labels), 1), t.optG.vars);
    t.optG.apply(g.grads);
    return tf.stack([d.value, g.value]);
  });
  const [lossD, lossG] = losses.dataSync();
  losses.dispose();
  return { lossD: lossD!, lossG: lossG! };
}

/** Random inputs of the benchmark: images uniform in [-1, 1] and uniform class labels. Caller disposes. */
export function randomCganBatch(cfg: CganConfig, batch: number): { real: tf.Tensor4D; labels: tf.Tensor1D } {
  return {
    real: tf.randomUniform([batch, cfg.size, cfg.size, cfg.channels], -1, 1),
    labels: tf.randomUniform([batch], 0, cfg.classes, 'int32'),
  };
}
