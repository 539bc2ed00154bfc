import type { Preview, RoleImages } from '../models/model';
import { classDiversity, HealthMonitor, type HealthWarning } from './health';
import { SHAPE_FEATURE_DIM, shapeFeaturesOf } from './shape-features';

/**
 * The collapse check of a conditional generator (issue 12): per class, the within-class spread of its samples
 * against the real images' spread, both as mean pairwise distance in a feature space that sees shape, not brightness
 * (shape-features.ts). Real spread from up to `perClass` training images of each class, computed once.
 */
export async function createCollapseCheck(data: RoleImages, classNames: string[], perClass = 64):
  Promise<(step: number, samples: Preview) => Promise<HealthWarning[]>> {
  const classes = classNames.length;
  const frame = data.resolution * data.resolution * data.channels;
  const taken = new Array<number>(classes).fill(0);
  const rows: number[] = [], labels: number[] = [];
  for (let i = 0; i < data.count; i++) {
    const c = data.labels[i]!;
    if ((taken[c] ?? perClass) < perClass) {
      taken[c]! += 1;
      rows.push(i);
      labels.push(c);
    }
  }
  const px = new Uint8Array(rows.length * frame);
  rows.forEach((r, i) => px.set(data.images.subarray(r * frame, (r + 1) * frame), i * frame));
  const realFeatures = await shapeFeaturesOf(px, rows.length, data.resolution, data.channels, 1 / 127.5, -1);
  const real = classDiversity(realFeatures, SHAPE_FEATURE_DIM, labels, classes);
  const monitor = new HealthMonitor(1, { score: '', advice: '' });
  return async (step, samples) => {
    const f = await shapeFeaturesOf(samples.pixels, samples.labels!.length, data.resolution, data.channels);
    return monitor.checkDiversity(step, classNames, classDiversity(f, SHAPE_FEATURE_DIM, samples.labels!, classes), real);
  };
}
