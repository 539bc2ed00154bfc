import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { importDataset } from '../../../src-main/engine/datasets';
import { resolveLineage } from '../../../src-main/engine/lineage/lineage';
import { createExportHandlers } from '../../../src-main/engine/services/export-service';
import { METADATA_COLUMNS } from '../../../src-main/shared/domain/export';
import { writeDomainFolder } from '../training/cyclegan-fixture';
import { hashFiles, setupTranslationHome, translateInProcess } from '../translation/translation-fixture';

type Row = Record<string, string | number | boolean | null>;
const ROOT_FILES = ['README.md', 'classes.json', 'metadata.jsonl', 'provenance.csv', 'quality.json'];
const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Every image file of an export, relative to it (class folders only). */
function imageFiles(out: string): string[] {
  return readdirSync(out, { withFileTypes: true }).filter((e) => e.isDirectory()).flatMap((d) => readdirSync(join(out, d.name)).map((f) => `${d.name}/${f}`));
}

describe('export of CycleGAN translations', () => {
  // One trained run for every test here: training is the slow part.
  const root = mkdtempSync(join(tmpdir(), 'gan-studio-test-'));
  let h: Awaited<ReturnType<typeof setupTranslationHome>>;
  let exports: ReturnType<typeof createExportHandlers>;
  const batches: Record<'labeled' | 'folder' | 'domain', string> = { labeled: '', folder: '', domain: '' };

  beforeAll(async () => {
    await resolveBackend({ force: 'wasm' });
    h = await setupTranslationHome(root, 'blue:sky'); // B's name needs sanitizing as a folder name
    exports = createExportHandlers({ db: h.db, home: h.home, app: '0.0.0-test' });
    await writeDomainFolder(join(root, 'loose'), 3, 1); // a B-like folder, translated b2a
    await importDataset(h.db, h.home, { folder: await writeDomainFolder(join(root, 'reds'), 4, 0), kind: 'domain', name: 'reds', holdoutFraction: 0 });
    const t = (req: Parameters<typeof translateInProcess>[2]) => translateInProcess(h.db, h.home, req).then((r) => r.batchId);
    batches.labeled = await t({ runId: h.run.runId, direction: 'a2b', checkpoint: 'latest', inputDataset: 'shapes' });
    batches.folder = await t({ runId: h.run.runId, direction: 'b2a', checkpoint: 2, inputDir: join(root, 'loose') });
    batches.domain = await t({ runId: h.run.runId, direction: 'a2b', checkpoint: 'latest', inputDataset: 'reds' });
  }, 120_000);

  afterAll(() => {
    h?.db.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('labeled sources keep their class folders, domain sources go to the target domain\'s folder; rows carry direction and source hash', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'gan-studio-test-')), 'e');
    try {
      const r = await exports['exports.create']({ batchIds: Object.values(batches), out, withReal: 'shapes', format: 'png', overwrite: false });
      // a2b of 'reds' → B's folder ('blue:sky' made safe); b2a of the folder → A's name; the labeled source keeps bar/circle/square.
      expect(r.classes.map((c) => [c.name, c.folder, c.count])).toEqual([
        ['bar', 'bar', 8 + 8], ['blue:sky', 'blue_sky', 4], ['circle', 'circle', 8 + 8], ['shapes', 'shapes', 3], ['square', 'square', 8 + 8]]);
      expect(r).toMatchObject({ files: 55, synthetic: 31, real: 24 });
      expect(readdirSync(out).sort()).toEqual([...ROOT_FILES, 'bar', 'blue_sky', 'circle', 'shapes', 'square'].sort());
      expect(JSON.parse(readFileSync(join(out, 'classes.json'), 'utf8'))).toEqual({
        bar: { folder: 'bar', index: 0 }, 'blue:sky': { folder: 'blue_sky', index: 1 }, circle: { folder: 'circle', index: 2 },
        shapes: { folder: 'shapes', index: 3 }, square: { folder: 'square', index: 4 },
      });

      // Rows equal files, in metadata.jsonl and provenance.csv alike, and each row names the bytes it describes.
      const rows = readFileSync(join(out, 'metadata.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);
      expect(rows.map((x) => x.file_name).sort()).toEqual(imageFiles(out).sort());
      for (const row of rows) {
        expect(Object.keys(row)).toEqual([...METADATA_COLUMNS]);
        expect(row.sha256).toBe(sha(join(out, row.file_name as string)));
        expect((row.file_name as string).split('/')[0]).toBe(r.classes.find((c) => c.name === row.label)!.folder);
      }
      const csv = readFileSync(join(out, 'provenance.csv'), 'utf8').trimEnd().split('\r\n').map((l) => l.split(','));
      expect(csv[0]).toEqual([...METADATA_COLUMNS]);
      expect(csv.slice(1)).toEqual(rows.map((x) => METADATA_COLUMNS.map((c) => (x[c] === null ? '' : String(x[c])))));

      // Translations: direction, no seed, the source's hash as the source file has it, under the source's class.
      const shapes = hashFiles(h.folder), loose = hashFiles(join(root, 'loose')), reds = hashFiles(join(root, 'reds'));
      const of = (batchId: string) => rows.filter((x) => x.batch_id === batchId);
      expect(of(batches.labeled)).toHaveLength(24);
      for (const x of of(batches.labeled)) {
        expect(x).toMatchObject({ synthetic: true, direction: 'a2b', seed: null, weights: 'raw', run_id: h.run.runId, checkpoint_step: 2 });
        expect(shapes.get(x.source_sha256 as string)?.split('/')[0]).toBe(x.label);
      }
      expect(of(batches.folder).map((x) => [x.label, x.direction])).toEqual([['shapes', 'b2a'], ['shapes', 'b2a'], ['shapes', 'b2a']]);
      expect(of(batches.folder).map((x) => loose.get(x.source_sha256 as string)).sort()).toEqual(['b0.png', 'b1.png', 'b2.png']);
      expect(of(batches.domain).map((x) => [x.label, x.direction])).toEqual(Array(4).fill(['blue:sky', 'a2b']));
      expect(of(batches.domain).map((x) => reds.get(x.source_sha256 as string)).sort()).toEqual(['a0.png', 'a1.png', 'a2.png', 'a3.png']);

      // Real images are always re-encoded: source_sha256 is the original's hash, sha256 the exported bytes'.
      const real = rows.filter((x) => x.synthetic === false);
      expect(real).toHaveLength(24);
      for (const x of real) {
        expect(x).toMatchObject({ direction: null, run_id: null, batch_id: null });
        expect(shapes.get(x.source_sha256 as string)?.split('/')[0]).toBe(x.label);
      }
      expect(readFileSync(join(out, 'README.md'), 'utf8')).toMatch(new RegExp(`CycleGAN translations: ${batches.labeled} \\(a2b\\), ${batches.folder} \\(b2a\\)`));
    } finally {
      rmSync(join(out, '..'), { recursive: true, force: true });
    }
  });

  it('lineage of an exported translation shows its direction and the image it was translated from', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'gan-studio-test-')), 'e');
    try {
      await exports['exports.create']({ batchIds: [batches.folder], out, format: 'jpg', resolution: 16, overwrite: false });
      const row = JSON.parse(readFileSync(join(out, 'metadata.jsonl'), 'utf8').split('\n')[0]!) as Row;
      const l = await resolveLineage(h.db, join(out, row.file_name as string));
      const source = join(root, 'loose', hashFiles(join(root, 'loose')).get(row.source_sha256 as string)!);
      expect(l).toMatchObject({
        sha256: row.sha256, synthetic: true, direction: 'b2a', sourceSha256: row.source_sha256, seed: null, label: 'shapes', batchId: batches.folder,
        runId: h.run.runId, checkpointStep: 2, sources: [{ path: source, sha256: row.source_sha256, label: 'shapes' }],
      });
      expect(l.exports).toContainEqual(expect.objectContaining({ out, fileName: row.file_name })); // the first test exported it too
      expect(sha(source)).toBe(row.source_sha256);
    } finally {
      rmSync(join(out, '..'), { recursive: true, force: true });
    }
  });
});
