import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { fillNumber, useDomainsServe } from './domains-fixture';

/**
 * Reviewing results and controlling runs as a user does (issue 15): a CycleGAN run stopped before its first
 * panel, translated from the UI and reviewed as pairs; the lightbox by keyboard; the continue-to default; the
 * jobs card and the self-test verdict; two runs compared; a run deleted after a confirmation.
 */
const SHOTS = 'test-results/screens';
const TINY: Record<string, number> = { width: 4, discWidth: 4, resBlocks: 1, samplesPerPanel: 3 };
const domains = useDomainsServe('review');

/** A tiny CycleGAN run at 32 px from the run form, reds as domain A and blues as B. */
async function startRun(page: Page, steps: number, sampleEvery: number, checkpointEvery: number): Promise<void> {
  await page.getByTestId('nav-runs').click();
  await page.getByTestId('new-run').click();
  const form = page.getByTestId('new-run-form');
  await expect(form).toHaveAttribute('data-kind', 'cyclegan');
  await form.getByTestId('swap-datasets').click();
  await expect(form.getByTestId('run-dataset-a')).toContainText('reds');
  await form.getByTestId('run-resolution-32').click();
  await fillNumber(form, 'run-steps', steps);
  await form.getByText('Advanced settings').click();
  for (const [k, v] of Object.entries({ ...TINY, sampleEvery, checkpointEvery })) await fillNumber(form, `run-${k}`, v);
  await form.getByTestId('start-run').click();
  await expect(form).toBeHidden();
}

test.beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});
test.describe.configure({ mode: 'serial' });

test('a CycleGAN run stopped before its first panel: live checkpoints, "stopping…", a truthful preview, continue to the planned steps', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 1200 });
  await page.goto(domains.url());
  await domains.importDomain(page, 'reds');
  await domains.importDomain(page, 'blues');
  await startRun(page, 3000, 1000, 10);

  const dash = page.getByTestId('run-dashboard');
  // The Checkpoints panel fills in while the run trains, not only at its end.
  await expect(dash.getByTestId('run-checkpoints')).toContainText('step 10', { timeout: 90_000 });
  await expect(dash).toHaveAttribute('data-status', 'running');
  await expect(dash.getByTestId('run-step')).toHaveText(/^([2-9]\d|\d{3,}) \/ 3000$/, { timeout: 60_000 });
  await page.screenshot({ path: `${SHOTS}/review-live-checkpoints.png` });

  // Until the run has saved its checkpoint and ended, the button and a tag say so. That may last well under a
  // second, so a MutationObserver records what the page showed between the click and the end.
  await page.evaluate(() => {
    const seen: Record<string, boolean> = { tag: false, button: false, preview: false };
    (window as unknown as { seen: Record<string, boolean> }).seen = seen;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="run-stopping"]')) seen.tag = true;
      if (document.querySelector('[data-testid="run-stop"]')?.textContent?.includes('Stopping…')) seen.button = true;
      if (document.querySelector('[data-testid="preview-none"]')?.textContent?.startsWith('Stopping at step')) seen.preview = true;
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await dash.getByTestId('run-stop').click();
  await page.screenshot({ path: `${SHOTS}/review-stopping.png` });
  await expect(dash).toHaveAttribute('data-status', 'stopped', { timeout: 60_000 });
  expect(await page.evaluate(() => (window as unknown as { seen: Record<string, boolean> }).seen)).toEqual({ tag: true, button: true, preview: true });
  await expect(dash.getByTestId('run-stopping')).toHaveCount(0);
  const stoppedAt = Number((await dash.getByTestId('run-step').textContent())!.split('/')[0]!.trim());
  expect(stoppedAt).toBeLessThan(1000);
  await expect(dash.getByTestId('preview-none')).toHaveText(new RegExp(`^Stopped at step ${stoppedAt} before the first panel \\(one every 1000 steps\\)`));
  await expect(dash).not.toContainText('The first image appears at step');
  // An unfinished run continues to the steps it planned.
  await expect(dash.getByTestId('continue-steps').locator('input')).toHaveValue('3000');
  await page.screenshot({ path: `${SHOTS}/review-stopped-before-panel.png` });
});

test('translate the stopped run from the UI: pairs, the target domain as the real side, no latent exploration; the lightbox by keyboard', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 1400 });
  await page.goto(domains.url());
  await page.getByTestId('nav-runs').click();
  await page.getByTestId('run-use').click();
  const form = page.getByTestId('translate-form');
  await expect(form.getByTestId('translate-run')).toContainText('stopped');
  await expect(form.getByTestId('translate-dataset')).toContainText('reds');
  await form.getByTestId('translate-start').click();

  const pairs = page.getByTestId('translation-pairs');
  await expect(pairs).toHaveAttribute('data-total', '12', { timeout: 60_000 });
  await expect(pairs.getByTestId('translation-pair')).toHaveCount(12);
  // Both halves of a pair load: the source thumbnail and the translation.
  for (const id of ['pair-source', 'pair-translation']) {
    await expect.poll(() => pairs.getByTestId(id).first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  }
  // The real side is the target domain (blues), never empty; no latent exploration for a translation.
  const compare = page.getByTestId('compare');
  await expect(compare).toContainText('Real blues');
  await expect(compare.getByTestId('compare-real').locator('img')).toHaveCount(6);
  await expect(page.getByTestId('latent-card')).toHaveCount(0);
  await expect(compare.getByTestId('compare-counts')).toHaveCount(0);
  // Nearest real images of a translation come from the target domain.
  await page.getByTestId('gallery-item').first().click();
  await expect(page.getByTestId('neighbour')).toHaveCount(5, { timeout: 30_000 });
  for (const n of await page.getByTestId('neighbour').all()) await expect(n).toHaveAttribute('title', /blues/);
  await page.screenshot({ path: `${SHOTS}/review-translation-pairs.png`, fullPage: true });

  // The lightbox: a pair large, pixel-exact, stepped through with the keyboard.
  await pairs.getByTestId('translation-pair').first().click();
  const box = page.getByTestId('lightbox');
  await expect(box).toBeVisible();
  await expect(box).toHaveAttribute('data-index', '0');
  await expect(box.getByTestId('lightbox-image')).toHaveCount(2);
  await expect(box.getByTestId('lightbox-caption')).toContainText('pair 1');
  const img = box.getByTestId('lightbox-image').nth(1);
  await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(32);
  expect(await img.evaluate((i) => getComputedStyle(i).imageRendering)).toBe('pixelated');
  // Opens at the largest whole zoom that fits; 1:1 shows each stored pixel as one CSS pixel.
  const zoom = Number(await box.getAttribute('data-zoom'));
  expect(zoom).toBeGreaterThan(1);
  expect(await img.evaluate((i) => i.getBoundingClientRect().width)).toBe(32 * zoom);
  await page.screenshot({ path: `${SHOTS}/review-lightbox-pair.png` });
  await page.keyboard.press('1');
  expect(await img.evaluate((i) => i.getBoundingClientRect().width)).toBe(32);
  await page.keyboard.press('+');
  expect(await img.evaluate((i) => i.getBoundingClientRect().width)).toBe(64);
  await page.keyboard.press('ArrowRight');
  await expect(box).toHaveAttribute('data-index', '1');
  await expect(box.getByTestId('lightbox-caption')).toContainText('pair 2');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft'); // already the first: stays
  await expect(box).toHaveAttribute('data-index', '0');
  await box.getByTestId('lightbox-next').click();
  await expect(box).toHaveAttribute('data-index', '1');
  await page.keyboard.press('Escape');
  await expect(box).toHaveCount(0);

  // Gallery tiles too: Enter on the focused tile, with the class header over the first.
  await expect(page.getByTestId('gallery-class-header').first()).toHaveText('blues');
  await page.getByTestId('gallery').focus();
  await page.keyboard.press('Enter');
  await expect(box).toBeVisible();
  await expect(box.getByTestId('lightbox-image')).toHaveCount(2);
  await page.keyboard.press('Escape');
  await expect(box).toHaveCount(0);
});

test('the jobs card lists neither runs nor batches again, and the self-test ends with a verdict', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 1400 });
  await page.goto(domains.url());
  await page.getByTestId('nav-runs').click();
  await page.getByTestId('start-selftest').click();
  const verdict = page.getByTestId('selftest-verdict');
  await expect(verdict).toContainText(/^Passed: the \S+ backend trained all 30 steps; the loss went from [\d.]+ to [\d.]+/, { timeout: 90_000 });
  // Only the self-test: the training run and the translation batch are listed on their own pages.
  const rows = page.getByTestId('jobs-table').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('selftest');
  await expect(page.getByTestId('job-detail')).not.toContainText('ran before this window opened');
  await verdict.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/review-selftest-verdict.png`, fullPage: true });
});

test('two runs compared (curves overlaid, newest previews side by side), then one deleted after a confirmation', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 1400 });
  await page.goto(domains.url());
  await startRun(page, 30, 10, 30);
  const dash = page.getByTestId('run-dashboard');
  await expect(dash).toHaveAttribute('data-status', 'completed', { timeout: 150_000 });
  const second = (await dash.getAttribute('data-run-id'))!;
  // A finished run continues to twice its steps.
  await expect(dash.getByTestId('continue-steps').locator('input')).toHaveValue('130');

  await page.getByTestId('compare-runs').click();
  const cmp = page.getByTestId('run-compare');
  await expect(cmp.getByTestId('compare-run-a')).toContainText(second);
  await expect(cmp.getByTestId('compare-chart-generators-lsgan').locator('canvas')).toBeVisible();
  // Each curve twice, one per run.
  await expect(cmp.getByTestId('compare-chart-generators-lsgan')).toContainText(new RegExp(`${second} G A→B`));
  await expect(cmp.getByTestId('compare-chart-generators-lsgan').getByText(/G A→B/)).toHaveCount(2);
  // The curves are drawn, not only their legends: the chart's canvas holds pixels of both runs' first line colour.
  const inked = () => cmp.getByTestId('compare-chart-generators-lsgan').locator('canvas').first().evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 2]! > 150 && d[i]! < 120 && d[i + 3]! > 0) n++;
    return n;
  });
  await expect.poll(inked).toBeGreaterThan(100);
  await expect(cmp.getByTestId('compare-preview')).toHaveCount(1); // the stopped run drew none
  await expect(cmp.getByTestId('compare-previews')).toContainText('No preview yet.');
  await page.screenshot({ path: `${SHOTS}/review-compare-runs.png`, fullPage: true });
  await page.getByTestId('compare-runs').click();

  await page.getByTestId(`run-row-${second}`).click();
  await expect(dash).toHaveAttribute('data-run-id', second);
  await dash.getByTestId('run-delete').click();
  const dialog = page.getByTestId('confirm-delete');
  await expect(dialog).toContainText(`Delete run ${second}?`);
  await expect(dialog.getByTestId('delete-frees')).toContainText(/Frees [\d.]+ (KB|MB|kB|B)/);
  await expect(dialog.getByTestId('delete-keeps')).toContainText('lineage');
  await page.screenshot({ path: `${SHOTS}/review-delete-confirm.png` });
  await dialog.getByTestId('delete-confirm').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId(`run-row-${second}`)).toHaveCount(0);
  await expect(page.getByTestId('runs-table').locator('tbody tr')).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/review-after-delete.png` });
});
