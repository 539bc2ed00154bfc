import type * as tfType from '@tensorflow/tfjs';
import { Rng } from '../training/rng';
import { createClassifier, disposeClassifier, forward, setProgress, trainStep, type Classifier } from './classifier';
import { EVALUATOR_CONFIG } from './evaluator-config';
import { fillBatch, type ImageSet } from './image-set';

type Tf = typeof tfType;

/** What testing one trained classifier gave: counts, per class and the confusion matrix [true][predicted]. */
export interface ArmTest {
  correct: number;
  total: number;
  confusion: number[][];
  /** 1 where the test image was classified right, in test-set order: what the paired test compares. */
  hits?: Uint8Array;
}

export interface TrainArmOptions {
  tf: Tf;
  /** All training images (real rows first, then synthetic); `rows` picks this arm's. */
  pool: ImageSet;
  rows: readonly number[];
  classes: number;
  seed: number;
  steps: number;
  /** Called between steps; 'stop' ends training early and the arm returns null. */
  checkpoint: () => Promise<'continue' | 'stop'>;
  onStep: (done: number, loss: number | null) => void;
}

/**
 * Trains the fixed classifier for exactly `steps` Adam steps of EVALUATOR_CONFIG.batch images drawn uniformly with
 * replacement from the arm's rows (so each arm sees the same number of images whatever its size), augmented alike.
 * The same seed gives the same initial weights in every arm. Returns the classifier (caller disposes) or null
 * when stopped.
 */
export async function trainArm(o: TrainArmOptions): Promise<Classifier | null> {
  const { tf, pool } = o;
  const B = EVALUATOR_CONFIG.batch, R = pool.resolution, C = pool.channels;
  const c = createClassifier(o.seed, o.classes, R, C);
  const rng = new Rng(o.seed, 211);
  const buf = new Float32Array(B * R * R * C), lab = new Int32Array(B);
  const pick = new Array<number>(B);
  const aug = { rng, shift: EVALUATOR_CONFIG.shift, flip: EVALUATOR_CONFIG.flip };
  try {
    for (let step = 0; step < o.steps; step++) {
      if ((await o.checkpoint()) === 'stop') {
        disposeClassifier(c);
        return null;
      }
      setProgress(c, step, o.steps);
      for (let b = 0; b < B; b++) pick[b] = o.rows[rng.int(o.rows.length)]!;
      fillBatch(pool, pick, buf, aug);
      for (let b = 0; b < B; b++) lab[b] = pool.labels[pick[b]!]!;
      const loss = tf.tidy(() => trainStep(c, tf.tensor4d(buf, [B, R, R, C]), tf.tensor1d(lab, 'int32')));
      // Reading the loss every step would stall the pipeline; every 25th is enough for progress.
      let value: number | null = null;
      if (step % 25 === 24 || step === o.steps - 1) value = (await loss.data())[0]!;
      loss.dispose();
      if (value !== null && !Number.isFinite(value)) throw new Error(`the evaluator's loss became ${value} at step ${step + 1}`);
      o.onStep(step + 1, value);
    }
  } catch (err) {
    disposeClassifier(c);
    throw err;
  }
  return c;
}

/** A test set uploaded once, as chunks of [≤ CHUNK, R, R, C] float tensors in [-1, 1], reused by every arm and seed. */
export interface TestTensors {
  chunks: tfType.Tensor4D[];
  labels: Int32Array;
  dispose(): void;
}
const CHUNK = 512;

export function uploadSet(tf: Tf, set: ImageSet): TestTensors {
  const R = set.resolution, C = set.channels;
  const chunks: tfType.Tensor4D[] = [];
  for (let at = 0; at < set.count; at += CHUNK) {
    const n = Math.min(CHUNK, set.count - at);
    const buf = new Float32Array(n * R * R * C);
    fillBatch(set, Array.from({ length: n }, (_, i) => at + i), buf, null);
    chunks.push(tf.tensor4d(buf, [n, R, R, C]));
  }
  return { chunks, labels: set.labels.slice(0, set.count), dispose: () => tf.dispose(chunks) };
}

/** Accuracy counts and confusion matrix of `c` on an uploaded test set. */
export async function testClassifier(tf: Tf, c: Classifier, test: TestTensors): Promise<ArmTest> {
  const K = c.classes;
  const confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  const hits = new Uint8Array(test.labels.length);
  let correct = 0, at = 0;
  for (const x of test.chunks) {
    const pred = tf.tidy(() => tf.argMax(forward(c, x).logits, 1));
    const p = await pred.data();
    pred.dispose();
    p.forEach((k, i) => {
      const truth = test.labels[at + i]!;
      confusion[truth]![k]! += 1;
      if (k === truth) {
        correct++;
        hits[at + i] = 1;
      }
    });
    at += x.shape[0];
  }
  return { correct, total: at, confusion, hits };
}

/** Penultimate-layer features (ReLU, width EVALUATOR_CONFIG.features) of every image of an uploaded set. */
export async function extractFeatures(tf: Tf, c: Classifier, set: TestTensors): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (const x of set.chunks) {
    const f = tf.tidy(() => forward(c, x).features);
    const data = (await f.data()) as Float32Array;
    f.dispose();
    const d = f.shape[1];
    for (let i = 0; i < f.shape[0]; i++) out.push(data.slice(i * d, (i + 1) * d));
  }
  return out;
}
