/**
 * Prints `runs.estimate` for each model's presets on this machine (a real studio, a real probe worker): the figures
 * the preset summaries in models/<kind>/spec.ts are written from. Usage: npx tsx scripts/measure-presets.ts [HOME]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStudio } from '../src-main/engine/studio';
import type { RunEstimate } from '../src-main/shared/domain/estimate';
import { writeShapesFolder } from '../test/engine/training/shapes-dataset';

const root = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'gan-studio-presets-'));
const studio = await openStudio({ home: join(root, 'home'), face: 'cli', scheduler: false });
try {
  await studio.dispatch('datasets.addFashionMnist', { perClass: 100 });
  for (const d of ['a', 'b']) {
    await writeShapesFolder(join(root, d, 'x'), 12, 1, 64, 3);
    await studio.dispatch('datasets.import', { folder: join(root, d, 'x'), kind: 'domain', name: `dom-${d}` });
  }
  const cases: [string, Record<string, string>, string][] = [
    ['cgan', { train: 'fashion-mnist' }, 'quick'], ['cgan', { train: 'fashion-mnist' }, 'balanced'], ['cyclegan', { a: 'dom-a', b: 'dom-b' }, 'quick'],
  ];
  for (const [kind, datasets, preset] of cases) {
    const e = (await studio.dispatch('runs.estimate', { kind, datasets, preset, config: {} })) as RunEstimate;
    console.log(JSON.stringify({ kind, preset, backend: e.backend, resolution: e.config.resolution, steps: e.config.steps, msPerStep: Math.round(e.msPerStep),
      startupSeconds: Math.round(e.startupSeconds), previewMs: Math.round(e.previewMs), minutes: +(e.seconds / 60).toFixed(1) }));
  }
} finally {
  await studio.close();
}
