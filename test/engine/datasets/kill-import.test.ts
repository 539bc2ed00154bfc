import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/engine/db/database';
import { getDataset, importDataset } from '../../../src-main/engine/datasets';
import { png, put, tempDir } from '../../fixtures/image-folders';

it('a killed import leaves no half version, and importing again works', async () => {
  const root = tempDir();
  const home = tempDir('gs-home-');
  // 80 px: past the small-PNG fast path, so the import is slow enough to be killed mid-read
  for (let i = 0; i < 3000; i++) put(root, `c${i % 4}/${i}.png`, png(i, 80, 3));
  openDatabase(join(home, 'studio.db')).close();
  const child = spawn('npx', ['tsx', join(__dirname, 'import-child.ts'), root, home], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const m = /reading (\d+)\n/g.exec(output.slice(-40));
      // npx spawns node under a shell: kill the whole process group mid-read
      if (m && Number(m[1]) > 100 && child.pid) process.kill(-child.pid, 'SIGKILL');
    });
    child.on('exit', () => resolve());
    child.on('error', reject);
  });
  expect(output).not.toContain('finished');
  expect(output).toMatch(/reading \d+/);
  const db = openDatabase(join(home, 'studio.db'));
  try {
    expect(getDataset(db, 'killed')).toBeNull();
    expect((db.prepare('SELECT COUNT(*) AS n FROM dataset_files').get() as { n: number }).n).toBe(0);
    const r = await importDataset(db, home, { folder: root, kind: 'labeled', name: 'killed' });
    expect(r.count).toBe(3000);
    expect(getDataset(db, 'killed')?.versionNumber).toBe(1);
  } finally {
    db.close();
  }
}, 120_000);
