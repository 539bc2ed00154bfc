import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { startServe, type ServeHandle } from './serve-fixture';

const SHOTS = 'test-results/screens';
let serve: ServeHandle;
let folder: string;

/** A tiny labeled folder: 2 classes × 6 distinct 16×16 PNGs, plus a truncated PNG and an empty file. */
async function makeLabeledFolder(): Promise<string> {
  const root = join(mkdtempSync(join(tmpdir(), 'gan-studio-e2e-data-')), 'pets');
  for (const [c, cls] of ['cats', 'dogs'].entries()) {
    mkdirSync(join(root, cls), { recursive: true });
    for (let i = 0; i < 6; i++) {
      // Distinct colours per file, so no two files share bytes (that would be a duplicate).
      const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 40 * i, g: c ? 200 : 30, b: 255 - 30 * i } } }).png().toBuffer();
      writeFileSync(join(root, cls, `${cls}-${i}.png`), png);
    }
  }
  const good = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#808080' } }).png().toBuffer();
  writeFileSync(join(root, 'cats', 'broken.png'), good.subarray(0, 40));
  writeFileSync(join(root, 'dogs', 'empty.png'), Buffer.alloc(0));
  writeFileSync(join(root, '.DS_Store'), 'hidden: never uploaded');
  return root;
}

async function openDatasets(page: Page, dark = false): Promise<void> {
  if (dark) await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(serve.url);
  await page.getByTestId('nav-datasets').click();
}

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  serve = await startServe();
  folder = await makeLabeledFolder();
});
test.afterAll(async () => {
  await serve?.stop();
  if (folder) rmSync(join(folder, '..'), { recursive: true, force: true });
});

test.describe.configure({ mode: 'serial' });

test('a fresh home shows the empty state with the drop zone', async ({ page }) => {
  await openDatasets(page);
  await expect(page.getByTestId('empty-datasets')).toBeVisible();
  await expect(page.getByTestId('empty-datasets').getByTestId('drop-zone')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/datasets-empty.png` });
  await openDatasets(page, true);
  await expect(page.getByTestId('empty-datasets')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/datasets-empty-dark.png` });
});

test('web mode: a picked folder uploads, imports, and reports classes, skipped files and thumbnails', async ({ page }) => {
  await openDatasets(page);
  await page.getByTestId('folder-input').first().setInputFiles(folder);

  const result = page.getByTestId('import-result');
  await expect(result).toBeVisible({ timeout: 60_000 });
  await expect(result).toContainText('12 images');
  const chart = result.getByTestId('class-chart');
  await expect(chart.getByTestId('class-bar-cats')).toContainText('6');
  await expect(chart.getByTestId('class-bar-dogs')).toContainText('6');

  const skipped = result.getByTestId('skipped-table');
  await expect(skipped.getByTestId('skipped-row')).toHaveCount(2);
  await expect(skipped).toContainText('cats/broken.png');
  await expect(skipped).toContainText('corrupt_image');
  await expect(skipped).toContainText('dogs/empty.png');
  await expect(skipped).toContainText('empty_file');
  await expect(skipped).not.toContainText('.DS_Store');

  const detail = page.getByTestId('dataset-detail');
  await expect(detail.getByTestId('detail-count')).toHaveText('12');
  await expect(detail.getByTestId('thumb-grid').getByTestId('thumb')).toHaveCount(12, { timeout: 15_000 });
  await expect(detail.getByTestId('versions')).toContainText('v1');
  await page.screenshot({ path: `${SHOTS}/datasets-imported.png` });
  // The page scrolls inside the layout: a tall window shows the whole detail in one picture.
  await page.setViewportSize({ width: 1280, height: 1500 });
  await detail.screenshot({ path: `${SHOTS}/datasets-imported-detail.png` });

  await detail.getByTestId('verify-files').click();
  await expect(detail.getByTestId('verify-result')).toContainText('All 12 files are as imported');

  // Filtering by a class (click its bar) shows only that class.
  await detail.getByTestId('class-chart').getByTestId('class-bar-dogs').click();
  await expect(detail.getByTestId('thumb-grid').getByTestId('thumb')).toHaveCount(6);
});

test('Add Fashion-MNIST sample with 10 per class gives 10 classes', async ({ page }) => {
  await openDatasets(page);
  await expect(page.getByTestId('dataset-item-pets')).toBeVisible();
  const perClass = page.getByTestId('fashion-per-class').locator('input');
  await perClass.fill('10');
  await perClass.blur();
  await page.getByTestId('add-fashion-mnist').click();

  const result = page.getByTestId('import-result');
  await expect(result).toContainText('fashion-mnist', { timeout: 90_000 });
  await expect(result).toContainText('100 images');
  await expect(result.getByTestId('class-chart').locator('button')).toHaveCount(10);
  await expect(page.getByTestId('dataset-item-fashion-mnist')).toBeVisible();
  await expect(page.getByTestId('dataset-detail').getByTestId('thumb').first()).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: `${SHOTS}/datasets-fashion-mnist.png` });
  await page.setViewportSize({ width: 1280, height: 1500 });
  await page.screenshot({ path: `${SHOTS}/datasets-fashion-mnist-tall.png` });

  await openDatasets(page, true);
  await page.getByTestId('dataset-item-fashion-mnist').click();
  await expect(page.getByTestId('dataset-detail').getByTestId('thumb').first()).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: `${SHOTS}/datasets-fashion-mnist-dark.png` });
  await page.setViewportSize({ width: 1280, height: 1500 });
  await page.getByTestId('dataset-detail').screenshot({ path: `${SHOTS}/datasets-detail-dark.png` });
});

test('an upload shows files, bytes and ETA, and Cancel stops it without a dataset', async ({ page }) => {
  await openDatasets(page, true);
  await expect(page.getByTestId('dataset-item-pets')).toBeVisible();
  // Slow every file down so the progress can be seen and cancelled.
  await page.route('**/api/upload/**', async (route) => {
    await new Promise((r) => setTimeout(r, 700));
    await route.continue().catch(() => {});
  });
  await page.getByTestId('import-name').locator('input').fill('slow-pets');
  await page.getByTestId('folder-input').first().setInputFiles(folder);
  const progress = page.getByTestId('import-progress');
  await expect(progress).toContainText('Uploading files');
  await expect(progress).toContainText(/[1-9]\d* \/ 14 files/, { timeout: 10_000 });
  await expect(progress.getByTestId('upload-bar')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/datasets-upload-progress-dark.png` });
  await progress.getByTestId('cancel-import').click();
  await expect(progress).toBeHidden({ timeout: 10_000 });
  await expect(page.getByTestId('import-error')).toBeHidden();
  await page.getByTestId('dataset-list').getByRole('button').first().waitFor();
  await expect(page.getByTestId('dataset-item-slow-pets')).toHaveCount(0);
});
