import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { png, put } from '../../fixtures/image-folders';
import { useTempDirs } from '../../helpers/temp-dir';
import { runOnSmallDisk } from './small-disk';

const CHILD = join(import.meta.dirname, 'import-disk-full-child.ts');

/**
 * A studio home on a small tmpfs that fills up during an import: the import fails with `disk_full` naming the
 * home and the folder, saves no version and leaves no temporary file, the database stays intact, and the same
 * import succeeds once space is freed. Once where the thumbnails fill the disk, once where the database does.
 */
describe('a full disk during import', () => {
  const tempDir = useTempDirs();

  for (const [name, files, size] of [['thumbnails', 80, 160], ['database rows', 4000, 8]] as const) {
    it(`while writing ${name}: disk_full naming the folder, nothing saved, and it imports once space is freed`, async () => {
      const folder = tempDir();
      for (let i = 0; i < files; i++) put(folder, `${i % 2 ? 'a' : 'b'}/${i}.png`, png(i, size));
      const mnt = join(tempDir(), 'mnt');
      mkdirSync(mnt);
      const r = await runOnSmallDisk(mnt, 64 << 20, [process.execPath, '--import', 'tsx', CHILD, mnt, folder, '64']);
      expect(r.code, r.stderr).toBe(0);
      const [full, after, freed] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(full).toMatchObject({ step: 'full', ok: false, error: { code: 'disk_full' } });
      const message = (full!.error as { message: string }).message;
      expect(message).toContain(folder);
      expect(message).toContain(join(mnt, 'home'));
      expect(full!.leftovers).toBe('');
      expect(after).toEqual({ step: 'after-full', versions: 0, integrity: 'ok' });
      expect(freed).toEqual({ step: 'freed', ok: true, count: files, integrity: 'ok' });
    }, 120_000);
  }
});
