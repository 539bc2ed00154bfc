import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startServe, type ServeHandle } from './serve-fixture';

const SHOTS = 'test-results/screens';
const STEPS = 30;
const SAMPLE_EVERY = 15;
const PER_CLASS = 4;
let serve: ServeHandle;
/** The only folder besides the home that the web server may write to (`--allow-dir`). */
let exportRoot: string;

async function nav(page: Page, to: 'datasets' | 'runs' | 'generate' | 'export' | 'lineage'): Promise<void> {
  await page.getByTestId(`nav-${to}`).click();
}

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  exportRoot = mkdtempSync(join(tmpdir(), 'gan-studio-e2e-exports-'));
  serve = await startServe(['--allow-dir', exportRoot]);
});
test.afterAll(async () => {
  await serve?.stop();
  rmSync(exportRoot, { recursive: true, force: true });
});

test('generate, curate, compare, export merged with real images and trace a file back to its run', async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(serve.url);

  // A fresh home: nothing to generate from, export or trace yet.
  await nav(page, 'generate');
  await expect(page.getByTestId('empty-generate')).toBeVisible();
  await nav(page, 'export');
  await expect(page.getByTestId('empty-export')).toBeVisible();

  // 10 Fashion-MNIST images per class, then a tiny Quick look run.
  await nav(page, 'datasets');
  const perClass = page.getByTestId('fashion-per-class').locator('input');
  await perClass.fill('10');
  await perClass.blur();
  await page.getByTestId('add-fashion-mnist').click();
  await expect(page.getByTestId('import-result')).toContainText('100 images', { timeout: 90_000 });

  await nav(page, 'runs');
  await page.getByTestId('new-run').click();
  const form = page.getByTestId('new-run-form');
  await expect(form.getByTestId('run-dataset-train')).toContainText('fashion-mnist');
  await form.getByTestId('run-resolution').getByText('28', { exact: true }).click();
  await form.getByTestId('run-preset').getByText('Quick look').click();
  const steps = form.getByTestId('run-steps').locator('input');
  await steps.fill(String(STEPS));
  await steps.blur();
  await form.getByText('Advanced settings').click();
  const sampleEvery = form.getByTestId('run-sampleEvery').locator('input');
  await sampleEvery.fill(String(SAMPLE_EVERY));
  await sampleEvery.blur();
  await form.getByTestId('start-run').click();
  await expect(page.getByTestId('run-dashboard')).toHaveAttribute('data-status', 'completed', { timeout: 150_000 });

  // The sample grid in the lightbox: pixel-exact, ← → walk through the steps, Esc closes.
  const box = page.getByTestId('lightbox');
  await page.getByTestId('run-dashboard').getByTestId('sample-image').click();
  await expect(box.getByTestId('lightbox-caption')).toHaveText(`Preview at step ${STEPS}`);
  await expect.poll(() => box.getByTestId('lightbox-image').evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);
  await page.screenshot({ path: `${SHOTS}/lightbox-sample-grid.png` });
  await page.keyboard.press('ArrowLeft');
  await expect(box.getByTestId('lightbox-caption')).toHaveText(`Preview at step ${SAMPLE_EVERY}`);
  await page.keyboard.press('Escape');
  await expect(box).toHaveCount(0);

  // Generate 4 per class from the completed run.
  await nav(page, 'generate');
  const gen = page.getByTestId('generate-form');
  await expect(gen).toBeVisible();
  // The truncation switch says what it does.
  await expect(gen.getByTestId('truncation-help')).toContainText('Truncation trades variety for quality');
  await page.screenshot({ path: `${SHOTS}/generate-form.png` });
  const n = gen.getByTestId('generate-per-class').locator('input');
  await n.fill(String(PER_CLASS));
  await n.blur();
  await expect(page.getByTestId('generate-start')).toContainText(`${PER_CLASS * 10} images`);
  await page.getByTestId('generate-start').click();
  await expect(page.getByTestId('batch-progress')).toHaveAttribute('data-status', 'completed', { timeout: 60_000 });
  const gallery = page.getByTestId('gallery');
  await expect(gallery).toHaveAttribute('data-total', String(PER_CLASS * 10));
  // The batch selector shows each batch's disk use.
  await expect(page.getByTestId('filter-batch')).toContainText(new RegExp(`${PER_CLASS * 10} images · completed · \\d+(\\.\\d)? kB$`));
  await expect(gallery.getByTestId('gallery-item').first().locator('img')).toBeVisible();

  // A header over the first sample of each class.
  await expect(gallery.getByTestId('gallery-class-header')).toHaveCount(10);
  await expect(gallery.locator('[data-testid="gallery-item"][data-index="4"]').getByTestId('gallery-class-header')).toBeVisible();
  // The lightbox over the gallery: ← → step across samples (and classes), Esc closes.
  await gallery.locator('[data-testid="gallery-item"][data-index="3"]').dblclick();
  await expect(box).toHaveAttribute('data-index', '3');
  await expect(box.getByTestId('lightbox-image')).toHaveCount(1);
  const firstClass = (await box.getByTestId('lightbox-caption').textContent())!.split(' #')[0]!;
  await page.keyboard.press('ArrowRight');
  await expect(box).toHaveAttribute('data-index', '4');
  await expect(box.getByTestId('lightbox-caption')).not.toContainText(`${firstClass} #`);
  await page.screenshot({ path: `${SHOTS}/lightbox-gallery.png` });
  await page.keyboard.press('Escape');
  await expect(box).toHaveCount(0);

  // Keyboard curation: focus the first sample, move right, reject it.
  await gallery.getByTestId('gallery-item').first().click();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('r');
  const second = gallery.locator('[data-testid="gallery-item"][data-index="1"]');
  await expect(second).toHaveAttribute('data-kept', 'false');
  await expect(gallery.locator('[data-testid="gallery-item"][data-index="0"]')).toHaveAttribute('data-kept', 'true');

  // Compare: real beside generated, counts, nearest real images of the selected sample.
  const compare = page.getByTestId('compare');
  await expect(compare.getByTestId('compare-real').locator('img').first()).toBeVisible();
  await expect(compare.getByTestId('compare-generated').locator('img').first()).toBeVisible();
  await expect(compare.getByTestId('compare-counts').locator('tbody tr')).toHaveCount(10);
  await expect(compare.getByTestId('nearest-real').getByTestId('neighbour').first()).toBeVisible({ timeout: 20_000 });
  // The compare view's images open in the lightbox too.
  await compare.getByTestId('compare-generated').locator('img').nth(1).click();
  await expect(box).toHaveAttribute('data-index', '1');
  await expect(box.getByTestId('lightbox-caption')).toContainText('Generated sample 2 of');
  await page.keyboard.press('Escape');
  await expect(box).toHaveCount(0);

  // Latent exploration: a walk between two seeds, and one dimension swept.
  const latent = page.getByTestId('latent');
  const seedA = await latent.getByTestId('latent-seed-a').locator('input').inputValue();
  await expect(latent.getByTestId('latent-seed-b').locator('input')).toHaveValue(String(Number(seedA) + 1));
  await latent.getByTestId('latent-interpolate').click();
  await expect(latent.getByTestId('latent-walk').locator('img')).toHaveCount(8, { timeout: 20_000 });
  await latent.getByTestId('latent-vary').click();
  await expect(latent.getByTestId('latent-sweep').locator('img')).toBeVisible({ timeout: 20_000 });
  await page.setViewportSize({ width: 1280, height: 1500 });
  await page.screenshot({ path: `${SHOTS}/generate-gallery-compare.png` });
  await page.setViewportSize({ width: 1280, height: 900 });

  // Export: a folder outside the allowed ones is refused with the server's reason, then an allowed one works.
  await nav(page, 'export');
  const ex = page.getByTestId('export-form');
  await ex.getByTestId('export-mode').getByText('Merged with real images').click();
  const out = ex.getByTestId('export-out').locator('input');
  await out.fill('/gan-studio-not-allowed/out');
  await page.getByTestId('export-start').click();
  await expect(page.getByTestId('export-error')).toContainText('outside the folders');
  await page.screenshot({ path: `${SHOTS}/export-refused.png` });
  const target = join(exportRoot, 'merged');
  await out.fill(target);
  await page.getByTestId('export-start').click();
  const result = page.getByTestId('export-result');
  await expect(result).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('export-error')).toBeHidden();
  await expect(result.getByTestId('export-synthetic')).toHaveText(String(PER_CLASS * 10 - 1));
  await expect(result.getByTestId('export-class')).toHaveCount(10);
  const files = Number(await result.getByTestId('export-files').textContent());
  const real = Number(await result.getByTestId('export-real').textContent());
  expect(real).toBeGreaterThan(0);
  expect(files).toBe(real + PER_CLASS * 10 - 1);
  const perFolder = await result.getByTestId('export-class').locator('td:last-child').allTextContents();
  expect(perFolder.reduce((a, c) => a + Number(c), 0)).toBe(files);
  await page.setViewportSize({ width: 1280, height: 1300 });
  await page.screenshot({ path: `${SHOTS}/export-result.png` });
  await page.setViewportSize({ width: 1280, height: 900 });

  // Web mode: the folder is on the server, so the result links to the whole export as one zip.
  const zipLink = result.getByTestId('export-zip');
  await expect(zipLink).toBeVisible();
  const href = (await zipLink.getAttribute('href'))!;
  expect(href).toMatch(/^\/api\/exports\/[\w-]+\/zip\?token=/);
  const zip = await page.request.get(new URL(href, serve.url).toString());
  expect(zip.status()).toBe(200);
  expect(zip.headers()['content-type']).toBe('application/zip');
  expect(zip.headers()['content-disposition']).toContain('filename="merged.zip"');
  expect((await zip.body()).subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');

  // Lineage: one exported synthetic file back to its run.
  const rows = readFileSync(join(target, 'metadata.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const row = rows.find((r) => r.synthetic === true)!;
  await nav(page, 'lineage');
  await expect(page.getByTestId('empty-lineage')).toBeVisible();
  await page.getByTestId('lineage-input').locator('input').fill(join(target, String(row.file_name)));
  await page.getByTestId('lineage-go').click();
  const lineage = page.getByTestId('lineage-result');
  await expect(lineage.getByTestId('lineage-run')).toHaveText(String(row.run_id));
  await expect(lineage.getByTestId('lineage-image')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/lineage-result.png` });
});
