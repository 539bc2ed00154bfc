/**
 * Import throughput and memory check (not a vitest file): `npx tsx test/engine/datasets/bench-import.ts png28 10000`
 * or `... jpeg1024 200`. Writes the images first, then times importDataset end to end and prints one JSON line
 * with images/s and peak RSS.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../../src-main/engine/db/database';
import { importDataset } from '../../../src-main/engine/datasets';
import { jpeg, png, put, tempDir } from '../../fixtures/image-folders';

const [workload = 'png28', countText = '10000'] = process.argv.slice(2);
const count = Number(countText);
const root = tempDir('gs-bench-src-');
const home = tempDir('gs-bench-home-');
mkdirSync(join(home, 'cache'), { recursive: true });
for (let i = 0; i < count; i++) {
  const cls = `class${i % 10}`;
  if (workload === 'png28') put(root, `${cls}/${i}.png`, png(i, 28, 1));
  else put(root, `${cls}/${i}.jpg`, await jpeg(i, 1024, 768));
}
const db = openDatabase(join(home, 'studio.db'));
const rssBefore = process.memoryUsage().rss;
const started = performance.now();
const result = await importDataset(db, home, { folder: root, kind: 'labeled' });
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({
  workload, count: result.count, skipped: result.skipped.length, seconds: +seconds.toFixed(2),
  imagesPerSecond: Math.round(result.count / seconds), rssBeforeMb: Math.round(rssBefore / 2 ** 20),
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
}));
db.close();
rmSync(root, { recursive: true, force: true });
rmSync(home, { recursive: true, force: true });
