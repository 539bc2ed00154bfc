import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOnSmallDisk } from '../engine/datasets/small-disk';
import { useTempDirs } from '../helpers/temp-dir';

/** An upload that fills the home's disk: 507 disk_full naming the file as uploaded, no server path, no half file. */
describe('web mode: a full disk during an upload', () => {
  const tempDir = useTempDirs();

  it('answers disk_full without server or temporary paths, keeps nothing, and takes the next file once space is back', async () => {
    const mnt = join(tempDir(), 'mnt');
    mkdirSync(mnt);
    const r = await runOnSmallDisk(mnt, 4 << 20, [process.execPath, '--import', 'tsx', join(import.meta.dirname, 'web-upload-full-child.ts'), mnt]);
    expect(r.code, r.stderr).toBe(0);
    const [big, small] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { status: number; body: { error?: { code: string; message: string } }; left?: string[] });
    expect(big!.status).toBe(507);
    expect(big!.body.error?.code).toBe('disk_full');
    expect(big!.body.error?.message).toContain("'cats/big.png'");
    expect(big!.body.error?.message).not.toMatch(/\/mnt|\/home\/|uploading|\/tmp/);
    expect(big!.left).toEqual([]);
    expect(small!.status).toBe(200);
  }, 60_000);
});
