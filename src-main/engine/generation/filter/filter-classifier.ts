import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import type { BatchFilter } from '../../../shared/domain/sample';
import type { Db } from '../../db/database';
import { createClassifier, disposeClassifier, type Classifier } from '../../evaluation/classifier';
import { loadVersionSet } from '../../evaluation/eval-data';
import { EVALUATOR_CONFIG } from '../../evaluation/evaluator-config';
import { knnRadii } from '../../evaluation/feature-metrics';
import { MAX_EVAL_RESOLUTION } from '../../evaluation/resolve-evaluate';
import { extractFeatures, testClassifier, trainArm, uploadSet } from '../../evaluation/train-arm';
import { readTensorFile, writeTensorFile } from '../../training/tensor-file';

type Tf = typeof tfType;

/** The filter's classifier always starts from this seed: one dataset version, config and backend → one network. */
export const FILTER_CLASSIFIER_SEED = 1;

/** Adam steps of the filter's classifier: about 30 passes over the real TRAIN images, at least 200, at most 1,500. */
export const filterClassifierSteps = (trainCount: number): number =>
  Math.max(200, Math.min(1500, Math.round((30 * trainCount) / EVALUATOR_CONFIG.batch)));

/** What the cache keeps beside the weights. */
interface CacheMeta {
  key: string;
  heldOutAccuracy: number | null;
  heldOutCount: number;
  trainCount: number;
  steps: number;
  backend: string | null;
  /** Per class (the run's order): median distance from a real TRAIN image to its nearest other one, in feature space. */
  medianNearest: (number | null)[];
}

export interface FilterClassifier {
  classifier: Classifier;
  info: NonNullable<BatchFilter['classifier']>;
  /** Per class: the median real nearest-neighbour distance (null for a class of fewer than 2 real images). */
  medianNearest: (number | null)[];
}

export interface ObtainOptions {
  tf: Tf;
  db: Db;
  home: string;
  versionId: string;
  /** The run's classes, in its order: the classifier's outputs. */
  classNames: string[];
  /** The batch's image size; the classifier looks at min(size, MAX_EVAL_RESOLUTION), as the evaluator does. */
  resolution: number;
  channels: number;
  backend: string | null;
  checkpoint: () => Promise<'continue' | 'stop'>;
  onStep: (done: number, total: number) => void;
}

/** The classifier's input size for a batch's images (the evaluator's rule). */
export const classifierInput = (resolution: number, channels: number): { resolution: number; channels: 1 | 3 } =>
  ({ resolution: Math.min(resolution, MAX_EVAL_RESOLUTION), channels: channels === 1 ? 1 : 3 });

/** The classifier's variables by name, as the cache file stores them. */
const variablesOf = (c: Classifier): Record<string, tfType.Variable> => ({
  'c1.filter': c.params.c1.filter as tfType.Variable, 'c1.bias': c.params.c1.bias as tfType.Variable,
  'c2.filter': c.params.c2.filter as tfType.Variable, 'c2.bias': c.params.c2.bias as tfType.Variable,
  'd1.kernel': c.params.d1.kernel as tfType.Variable, 'd1.bias': c.params.d1.bias as tfType.Variable,
  'd2.kernel': c.params.d2.kernel as tfType.Variable, 'd2.bias': c.params.d2.bias as tfType.Variable,
});

const median = (xs: Float64Array): number => {
  const s = Array.from(xs).sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
};

/**
 * The evaluator's classifier trained on a dataset version's real TRAIN images (fixed seed, same backend as the
 * generation), from the cache under `<home>/classifiers/<version>/<key>` when one was trained before for the same
 * (version, classes, evaluator config, input size, backend); else trained, tested on the held-out split, and cached
 * (written to a temporary folder and renamed, so a crash never leaves half a classifier). Null when stopped.
 */
export async function obtainFilterClassifier(o: ObtainOptions): Promise<FilterClassifier | null> {
  const { tf } = o;
  const input = classifierInput(o.resolution, o.channels);
  const params = { ...input, classNames: o.classNames };
  const real = await loadVersionSet(o.db, o.home, o.versionId, 'train', params);
  const steps = filterClassifierSteps(real.count);
  const key = createHash('sha256').update(JSON.stringify({ version: o.versionId, classes: o.classNames, evaluator: EVALUATOR_CONFIG, steps,
    seed: FILTER_CLASSIFIER_SEED, input, backend: o.backend })).digest('hex').slice(0, 16);
  const dir = join(o.home, 'classifiers', o.versionId, key);
  const K = o.classNames.length;
  const classifier = createClassifier(FILTER_CLASSIFIER_SEED, K, input.resolution, input.channels);
  if (existsSync(join(dir, 'meta.json'))) {
    const meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as CacheMeta;
    const stored = await readTensorFile(join(dir, 'weights'));
    for (const [name, v] of Object.entries(variablesOf(classifier))) {
      const t = stored.get(name);
      if (!t) throw new Error(`the cached classifier in ${dir} lacks ${name}: delete that folder`);
      tf.tidy(() => v.assign(tf.tensor(t.values, t.shape)));
    }
    return { classifier, medianNearest: meta.medianNearest, info: { ...infoOf(meta), cached: true } };
  }
  disposeClassifier(classifier);
  const trained = await trainArm({
    tf, pool: real, rows: Array.from({ length: real.count }, (_, i) => i), classes: K, seed: FILTER_CLASSIFIER_SEED, steps,
    checkpoint: o.checkpoint, onStep: (done) => o.onStep(done, steps),
  });
  if (!trained) return null;
  try {
    const holdout = await loadVersionSet(o.db, o.home, o.versionId, 'holdout', params);
    let heldOutAccuracy: number | null = null;
    if (holdout.count > 0) {
      const t = uploadSet(tf, holdout);
      const r = await testClassifier(tf, trained, t).finally(() => t.dispose());
      heldOutAccuracy = r.correct / r.total;
    }
    const u = uploadSet(tf, real);
    const features = await extractFeatures(tf, trained, u).finally(() => u.dispose());
    const medianNearest = o.classNames.map((_, k) => {
      const rows = features.filter((_f, i) => real.labels[i] === k);
      return rows.length >= 2 ? median(knnRadii(rows, 1)) : null;
    });
    const meta: CacheMeta = { key, heldOutAccuracy, heldOutCount: holdout.count, trainCount: real.count, steps, backend: o.backend, medianNearest };
    const tmp = `${dir}.${process.pid}.${randomBytes(3).toString('hex')}.tmp`;
    await mkdir(tmp, { recursive: true });
    await writeTensorFile(join(tmp, 'weights'), variablesOf(trained));
    await writeFile(join(tmp, 'meta.json'), JSON.stringify(meta));
    // Another job may have cached the same classifier meanwhile: theirs stays, this one is only used.
    await rename(tmp, dir).catch(() => rm(tmp, { recursive: true, force: true }));
    return { classifier: trained, medianNearest, info: { ...infoOf(meta), cached: false } };
  } catch (err) {
    disposeClassifier(trained);
    throw err;
  }
}

const infoOf = (m: CacheMeta): Omit<NonNullable<BatchFilter['classifier']>, 'cached'> =>
  ({ key: m.key, heldOutAccuracy: m.heldOutAccuracy, heldOutCount: m.heldOutCount, trainCount: m.trainCount, steps: m.steps, backend: m.backend });
