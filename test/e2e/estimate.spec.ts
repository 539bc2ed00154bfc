import { mkdirSync, rmSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { seedHome, type SeededHome } from './seed-home';
import { startServe, type ServeHandle } from './serve-fixture';

const SHOTS = 'test-results/screens';
let seeded: SeededHome;
let serve: ServeHandle;

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  seeded = await seedHome();
  serve = await startServe([], { home: seeded.home });
});
test.afterAll(async () => {
  await serve?.stop();
  rmSync(seeded.root, { recursive: true, force: true });
});

/** Issue 15 item 7: the run form says how long the run takes here, measured, and what "auto" resolves to. */
test('the new-run form shows a measured time estimate and the resolved resolution before the run starts', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(serve.url);
  await page.getByTestId('nav-runs').click();
  await page.getByTestId('new-run').click();
  const form = page.getByTestId('new-run-form');
  await expect(form.getByTestId('run-dataset-train')).toContainText('shapes', { timeout: 30_000 });
  await form.getByTestId('preset-quick').click();
  const estimate = form.getByTestId('run-estimate');
  await expect(estimate.getByTestId('run-estimate-time')).toContainText(/About \d+ (s|min)/, { timeout: 150_000 });
  await expect(estimate).toContainText(/\d+ ms per step measured here/);
  await expect(estimate).toContainText('wasm');
  // The shapes are 28 px: "auto" resolution resolves to 28; the quick batch is lowered to the 15 training images.
  await expect(estimate.getByTestId('run-estimate-config')).toContainText('28×28 px, greyscale, batch 15, 300 steps');
  await expect(form.getByTestId('preset-summary')).toContainText('2 to 5 minutes');
  await page.screenshot({ path: `${SHOTS}/estimate-run-form.png` });
  // Nothing was started by asking.
  await expect(page.getByTestId('runs-table').getByText('running')).toHaveCount(0);
});
