/**
 * Child process of the `import-rss` bench workload: imports one folder into a fresh home and prints
 * `{"count", "peakRssMb"}`, so each import's peak memory is measured in a process of its own.
 * Usage: node --import tsx import-child.ts <folder> <home>
 */
import { join } from 'node:path';
import { openDatabase } from '../engine/db/database';
import { importDataset } from '../engine/datasets';

const [folder, home] = process.argv.slice(2);
if (!folder || !home) throw new Error('usage: import-child.ts <folder> <home>');
const db = openDatabase(join(home, 'studio.db'));
const result = await importDataset(db, home, { folder, kind: 'labeled' });
db.close();
process.stdout.write(`${JSON.stringify({ count: result.count, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
