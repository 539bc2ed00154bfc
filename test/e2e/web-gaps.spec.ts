import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { writeShapesFolder } from '../engine/training/shapes-dataset';
import { seedHome, type SeededHome } from './seed-home';
import { startServe, type ServeHandle } from './serve-fixture';

const SHOTS = 'test-results/screens';
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gan-studio.mjs');
let seeded: SeededHome;
let allowed: string;

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  seeded = await seedHome();
  allowed = mkdtempSync(join(tmpdir(), 'gan-studio-e2e-server-'));
  await writeShapesFolder(join(allowed, 'pets'), 4, 2);
});
test.afterAll(() => {
  rmSync(seeded.root, { recursive: true, force: true });
  rmSync(allowed, { recursive: true, force: true });
});

/** Issue 15 item 6: a server folder by path, a local file traced by its hash, an old tab after a restart. */
test('import a folder on the server by path; a path outside is refused naming the allowed folders', async ({ page }) => {
  test.setTimeout(180_000);
  const serve = await startServe(['--allow-dir', allowed], { home: seeded.home });
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(serve.url);
    await page.getByTestId('nav-datasets').click();
    await expect(page.getByTestId('server-roots')).toContainText(allowed);
    await page.getByTestId('server-path').locator('input').fill(join(seeded.root, 'shapes'));
    await page.getByTestId('server-import-start').click();
    const err = page.getByTestId('import-error');
    await expect(err).toContainText(allowed, { timeout: 30_000 });
    await expect(err).not.toContainText('--allow-dir');
    await page.screenshot({ path: `${SHOTS}/web-import-path-refused.png` });
    await page.getByTestId('server-path').locator('input').fill(join(allowed, 'pets'));
    await page.getByTestId('server-import-start').click();
    await expect(page.getByTestId('import-result')).toContainText('8 images', { timeout: 60_000 });
    await expect(page.getByTestId('dataset-list')).toContainText('pets');
    await page.screenshot({ path: `${SHOTS}/web-import-path.png` });

    // An uploaded folder with nothing usable: the message names the folder the user picked, not the upload's temp copy.
    const junk = join(allowed, 'junk');
    mkdirSync(join(junk, 'cls'), { recursive: true });
    writeFileSync(join(junk, 'cls', 'a.png'), 'not a png');
    await page.getByTestId('folder-input').first().setInputFiles(junk);
    await expect(err).toContainText('the folder junk has no usable image', { timeout: 60_000 });
    await expect(err).not.toContainText('uploads');
    await page.screenshot({ path: `${SHOTS}/web-upload-error-own-name.png` });
  } finally {
    await serve.stop();
  }
});

test('Lineage traces a file from this computer by its hash (the file is not uploaded)', async ({ page }) => {
  test.setTimeout(180_000);
  const out = join(mkdtempSync(join(tmpdir(), 'gan-studio-e2e-lineage-')), 'set');
  const r = spawnSync(process.execPath, [BIN, 'export', seeded.batchId, '--out', out, '--home', seeded.home, '--json'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const cls = readdirSync(out, { withFileTypes: true }).find((e) => e.isDirectory())!.name;
  const file = join(out, cls, readdirSync(join(out, cls))[0]!);
  const serve = await startServe([], { home: seeded.home });
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(serve.url);
    await page.getByTestId('nav-lineage').click();
    const uploads: string[] = [];
    page.on('request', (req) => {
      if (req.method() === 'PUT' || req.url().includes('/api/upload')) uploads.push(req.url());
    });
    await page.getByTestId('lineage-file').setInputFiles(file);
    await expect(page.getByTestId('lineage-file-name')).toContainText(file.split('/').pop()!, { timeout: 30_000 });
    await expect(page.getByTestId('lineage-run')).toHaveText(seeded.runId);
    expect(uploads).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/web-lineage-local-file.png` });
  } finally {
    await serve.stop();
    rmSync(out, { recursive: true, force: true });
  }
});

test('an old tab after the server restarted on another port says so instead of retrying forever', async ({ page }) => {
  test.setTimeout(180_000);
  let serve: ServeHandle = await startServe([], { home: seeded.home });
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(serve.url);
    await expect(page.getByTestId('backend-active')).toContainText('wasm', { timeout: 30_000 });
    await serve.stop();
    serve = await startServe([], { home: seeded.home }); // --port 0: a new port, and a new token
    await expect(page.getByTestId('connection-lost')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('server-restarted')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('server-restarted')).toContainText('restarted with a new address or token');
    await page.screenshot({ path: `${SHOTS}/web-server-restarted.png` });
  } finally {
    await serve.stop();
  }
});
