import { EVALUATOR_CONFIG } from './evaluator-config';
import * as tf from '@tensorflow/tfjs';
import { createAdam, type Adam } from '../compute/ops/adam';
import { conv, dense, type ConvParams, type DenseParams } from '../compute/ops/layers';
import { Rng } from '../training/rng';


export interface Classifier {
  readonly classes: number;
  readonly resolution: number;
  readonly channels: number;
  params: { c1: ConvParams; c2: ConvParams; d1: DenseParams; d2: DenseParams };
  adam: Adam;
  /** The optimizer's live settings: `setProgress` moves the learning rate along the schedule. */
  adamCfg: { lr: number; beta1: number; beta2: number; eps: number };
}

/** He-normal weights from a seeded stream (so a seed means the same network on every backend), zero biases. */
function heVariable(rng: Rng, shape: number[], fanIn: number): tf.Variable {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(n);
  const std = Math.sqrt(2 / fanIn);
  for (let i = 0; i < n; i++) values[i] = rng.normal() * std;
  return tf.tidy(() => tf.variable(tf.tensor(values, shape), true));
}
const zeros = (n: number): tf.Variable => tf.tidy(() => tf.variable(tf.zeros([n]), true));

/**
 * Builds the classifier for images [R, R, C] and `classes` outputs. R must be divisible by 4 (two poolings);
 * other sizes are padded by the caller's data loader.
 */
export function createClassifier(seed: number, classes: number, resolution: number, channels: number): Classifier {
  const cfg = EVALUATOR_CONFIG;
  const rng = new Rng(seed, 101);
  const flat = Math.floor(resolution / 4) ** 2 * cfg.conv2;
  const params = {
    c1: { filter: heVariable(rng, [3, 3, channels, cfg.conv1], 9 * channels), bias: zeros(cfg.conv1) },
    c2: { filter: heVariable(rng, [3, 3, cfg.conv1, cfg.conv2], 9 * cfg.conv1), bias: zeros(cfg.conv2) },
    d1: { kernel: heVariable(rng, [flat, cfg.features], flat), bias: zeros(cfg.features) },
    d2: { kernel: heVariable(rng, [cfg.features, classes], cfg.features), bias: zeros(classes) },
  };
  const vars = [params.c1.filter, params.c1.bias, params.c2.filter, params.c2.bias, params.d1.kernel, params.d1.bias, params.d2.kernel, params.d2.bias];
  const adamCfg = { lr: cfg.lr, beta1: cfg.beta1, beta2: cfg.beta2, eps: 1e-7 };
  const adam = createAdam(vars, adamCfg);
  return { classes, resolution, channels, params, adam, adamCfg };
}

/** Sets the learning rate for step `step` of `total` (cosine decay from EVALUATOR_CONFIG.lr to 0). */
export function setProgress(c: Classifier, step: number, total: number): void {
  c.adamCfg.lr = EVALUATOR_CONFIG.lr * 0.5 * (1 + Math.cos((Math.PI * step) / Math.max(1, total)));
}

/** Penultimate features and logits: x [B, R, R, C] in [-1, 1] → {features [B, F], logits [B, K]}. */
export function forward(c: Classifier, x: tf.Tensor4D): { features: tf.Tensor2D; logits: tf.Tensor2D } {
  const p = c.params;
  // Strided convs, not max-pooling: wasm's MaxPoolGrad alone took ~30% of a step.
  const h1 = tf.relu(conv(x, p.c1, 2, 'same')); // [B, R/2, R/2, 16]
  const h2 = tf.relu(conv(h1, p.c2, 2, 'same')); // [B, R/4, R/4, 32]
  const flat = tf.reshape(h2, [x.shape[0], -1]) as tf.Tensor2D; // [B, (R/4)²·32]
  const features = tf.relu(dense(flat, p.d1)); // [B, F]
  return { features, logits: dense(features, p.d2) }; // [B, K]
}

/** One Adam step of softmax cross-entropy on (x [B, R, R, C], labels int32 [B]); returns the loss tensor (caller reads it). */
export function trainStep(c: Classifier, x: tf.Tensor4D, labels: tf.Tensor1D): tf.Scalar {
  const vars = c.adam.vars;
  const { value, grads } = tf.variableGrads(() => {
    const { logits } = forward(c, x);
    return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, c.classes), logits) as tf.Scalar;
  }, vars);
  c.adam.apply(vars.map((v) => grads[v.name]!));
  tf.dispose(Object.values(grads));
  return value;
}

export function disposeClassifier(c: Classifier): void {
  tf.dispose(c.adam.vars);
  c.adam.dispose();
}
