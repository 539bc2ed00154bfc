import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/engine/db/database';
import { importDataset, verifyDatasetFiles } from '../../../src-main/engine/datasets';
import { png, put, tempDir } from '../../fixtures/image-folders';

let home: string;
let db: Db;
beforeEach(() => {
  home = tempDir('gs-home-');
  db = openDatabase(join(home, 'studio.db'));
});
afterEach(() => db.close());

describe('verifyDatasetFiles', () => {
  it('finds changed and missing files, and leaves the connection free for other writes while it hashes', async () => {
    const root = tempDir();
    for (let i = 0; i < 40; i++) put(root, `c${i % 2}/${i}.png`, png(i, 24));
    const { versionId } = await importDataset(db, home, { folder: root, kind: 'labeled' });
    writeFileSync(join(root, 'c0/0.png'), png(999, 24));
    unlinkSync(join(root, 'c1/1.png'));
    const pending = verifyDatasetFiles(db, versionId);
    // The job host writes its lease on this connection every half second: that must work mid-verification.
    await new Promise((r) => setImmediate(r));
    expect(() => db.transaction(() => db.prepare(`SELECT count(*) FROM jobs`).get())()).not.toThrow();
    const problems = await pending;
    expect(problems).toEqual([
      { path: 'c0/0.png', code: 'changed', reason: expect.any(String) },
      { path: 'c1/1.png', code: 'missing', reason: expect.any(String) },
    ]);
  });
});
