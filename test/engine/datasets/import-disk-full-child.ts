/**
 * Child of the disk-full import test, run inside its own mount namespace (unshare) where argv[2] is a fresh
 * tmpfs holding the studio home: shrinks the tmpfs to just above what the home uses, imports argv[3] (images
 * whose thumbnails are written: 'thumbs'; small PNGs whose rows fill the database: 'rows'), frees space by
 * growing the tmpfs, and imports again. Prints one JSON line per step.
 */
import { execFileSync } from 'node:child_process';
import { statfsSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../../src-main/engine/db/database';
import { importDataset } from '../../../src-main/engine/datasets';
import { ensureHome } from '../../../src-main/engine/home/studio-home';
import { toErrorBody } from '../../../src-main/shared/api/errors';

const [mountDir = '', folder = '', headroomKb = '64'] = process.argv.slice(2);
const home = join(mountDir, 'home');
ensureHome(home);
const db = openDatabase(join(home, 'studio.db'));
const used = (): number => {
  const s = statfsSync(mountDir);
  return (s.blocks - s.bfree) * s.bsize;
};
const remount = (bytes: number): void => void execFileSync('mount', ['-o', `remount,size=${Math.ceil(bytes / 4096) * 4096}`, mountDir]);
const print = (o: unknown): void => void process.stdout.write(`${JSON.stringify(o)}\n`);

remount(used() + Number(headroomKb) * 1024);
try {
  const r = await importDataset(db, home, { folder, kind: 'labeled', name: 'full' });
  print({ step: 'full', ok: true, count: r.count });
} catch (err) {
  print({ step: 'full', ok: false, error: toErrorBody(err), leftovers: execFileSync('find', [home, '-name', '*.tmp']).toString() });
}
print({ step: 'after-full', versions: (db.prepare('SELECT COUNT(*) AS n FROM dataset_versions').get() as { n: number }).n,
  integrity: db.pragma('integrity_check', { simple: true }) });
remount(64 * 1024 * 1024);
const again = await importDataset(db, home, { folder, kind: 'labeled', name: 'full' });
print({ step: 'freed', ok: true, count: again.count, integrity: db.pragma('integrity_check', { simple: true }) });
db.close();
