import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import { createAllowedRoots } from '../../../src-main/engine/files/allowed-roots';
import { deleteItem } from '../../../src-main/engine/cleanup/delete-items';
import { createExportHandlers } from '../../../src-main/engine/services/export-service';
import { useTempDirs } from '../../helpers/temp-dir';
import { setupGenerationHome } from '../generation/generation-fixture';

beforeAll(async () => {
  await resolveBackend({ force: 'wasm' });
});

describe('exports into <home>/exports/ and the export history', () => {
  const tempDir = useTempDirs();

  async function setup() {
    const h = await setupGenerationHome(tempDir());
    const batch = await h.generate({ perClass: 2 });
    const roots = createAllowedRoots(h.home, []);
    const web = createExportHandlers({
      db: h.db, home: h.home, app: 't', assertPath: (p) => roots.assertAllowed(p), assertOutPath: (p) => roots.assertAllowedInside(p), formWords: true,
    });
    const create = (out: string, overwrite = false, handlers = h.exports) => handlers['exports.create']({ batchIds: [batch.batchId], out, format: 'png', overwrite });
    return { h, batch, web, create };
  }

  it('a plain web server (no allowed folders but the home) exports into <home>/exports/NAME; the rest of the home stays refused, in words of the form', async () => {
    const { h, web, create } = await setup();
    const r = await create(join(h.home, 'exports', 'first'), false, web);
    expect(r.files).toBe(6);
    expect(readdirSync(join(h.home, 'exports', 'first'))).toContain('metadata.jsonl');
    // exports/ itself, and any other folder of the home, are not export targets
    await expect(create(join(h.home, 'exports'), true, web)).rejects.toMatchObject({ code: 'bad_input' });
    const runs = create(join(h.home, 'runs', 'x'), false, web);
    await expect(runs).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/^The target folder .* is inside the studio home .*: exports go into a folder inside .*exports/) });
    await expect(runs).rejects.not.toMatchObject({ message: expect.stringMatching(/--out|--overwrite|--allow-dir/) });
    // outside every allowed folder: says where exports go, names no flag
    const outside = create(join(tempDir(), 'elsewhere'), false, web);
    await expect(outside).rejects.toMatchObject({ code: 'forbidden_path', message: expect.stringMatching(/folders the server was started with\); exports go into a folder inside .*exports$/) });
    await expect(outside).rejects.not.toMatchObject({ message: expect.stringMatching(/--/) });
    // a second export to the same folder: the form's checkbox, not the flag
    await expect(create(join(h.home, 'exports', 'first'), false, web)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/tick 'Replace the folder if it exists'/) });
    // the CLI keeps its flags
    await expect(create(join(h.home, 'exports', 'first'))).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/^--out .* pass --overwrite/) });
  });

  it('a link inside exports/ that leads elsewhere in the home is refused (CLI face: links followed, still checked)', async () => {
    const { h, create } = await setup();
    mkdirSync(join(h.home, 'exports'), { recursive: true });
    symlinkSync(join(h.home, 'runs'), join(h.home, 'exports', 'sneaky'));
    await expect(create(join(h.home, 'exports', 'sneaky', 'x'))).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/inside the studio home/) });
  });

  it('exports.list: current exports newest first, without replaced or deleted ones', async () => {
    const { h, batch, create } = await setup();
    expect(await h.exports['exports.list']({})).toEqual({ exports: [] });
    const a = await create(join(tempDir(), 'a'));
    const bOut = join(tempDir(), 'b');
    const b1 = await create(bOut);
    const b2 = await create(bOut, true);
    const listed = (await h.exports['exports.list']({})).exports;
    expect(listed.map((e) => e.exportId)).toEqual([b2.exportId, a.exportId]);
    expect(listed[0]).toMatchObject({ out: b2.out, format: 'png', batchIds: [batch.batchId], files: 6, synthetic: 6, real: 0 });
    expect(listed.map((e) => e.exportId)).not.toContain(b1.exportId);
    await deleteItem(h.db, h.home, 'export', a.exportId);
    expect((await h.exports['exports.list']({})).exports.map((e) => e.exportId)).toEqual([b2.exportId]);
  });
});
