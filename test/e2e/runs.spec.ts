import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { startServe, type ServeHandle } from './serve-fixture';

const SHOTS = 'test-results/screens';
/** Small enough to finish in seconds on wasm (~0.2 s/step for Quick look at 28 px), long enough to watch. */
const STEPS = 60;
const SAMPLE_EVERY = 15;
let serve: ServeHandle;

async function open(page: Page, nav: 'datasets' | 'runs', dark = false): Promise<void> {
  await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
  await page.goto(serve.url);
  await page.getByTestId(`nav-${nav}`).click();
}

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  serve = await startServe();
});
test.afterAll(async () => {
  await serve?.stop();
});

test.describe.configure({ mode: 'serial' });

test('a Quick look cGAN run on Fashion-MNIST trains live to completed', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 800 });

  // A labeled dataset first: 10 Fashion-MNIST images per class.
  await open(page, 'datasets');
  const perClass = page.getByTestId('fashion-per-class').locator('input');
  await perClass.fill('10');
  await perClass.blur();
  await page.getByTestId('add-fashion-mnist').click();
  await expect(page.getByTestId('import-result')).toContainText('100 images', { timeout: 90_000 });

  await page.getByTestId('nav-runs').click();
  await expect(page.getByTestId('empty-runs')).toBeVisible();
  await page.getByTestId('new-run').click();
  const form = page.getByTestId('new-run-form');
  await expect(form).toBeVisible();
  await expect(form.getByTestId('run-dataset-train')).toContainText('fashion-mnist');
  await form.getByTestId('run-resolution').getByText('28', { exact: true }).click();
  await form.getByTestId('run-preset').getByText('Quick look').click();
  await expect(form).toContainText('300 steps');
  await page.screenshot({ path: `${SHOTS}/runs-new-run-form.png` });
  const steps = form.getByTestId('run-steps').locator('input');
  await steps.fill(String(STEPS));
  await steps.blur();
  // Advanced settings are collapsed; open them for a sample grid every few steps.
  await form.getByText('Advanced settings').click();
  await expect(form).toContainText('sample grid (fixed noise × every class)');
  const sampleEvery = form.getByTestId('run-sampleEvery').locator('input');
  await sampleEvery.fill(String(SAMPLE_EVERY));
  await sampleEvery.blur();
  // steps, sampleEvery and the resolution (set instead of auto)
  await expect(form).toContainText('3 settings changed from the preset');
  await page.screenshot({ path: `${SHOTS}/runs-new-run-form-advanced.png` });
  await form.getByTestId('start-run').click();
  await expect(form).toBeHidden();

  const dash = page.getByTestId('run-dashboard');
  await expect(dash).toBeVisible();
  await expect(page.getByTestId('runs-table')).toContainText('fashion-mnist');
  // Live: the step counter moves while the run is running.
  await expect(dash.getByTestId('run-step')).toHaveText(new RegExp(`^([1-9]\\d*) / ${STEPS}$`), { timeout: 60_000 });
  // The cGAN's charts, as its model declares them (models.list): losses, D's outputs, gradient norms.
  await expect(dash.getByTestId('chart-losses').locator('canvas')).toBeVisible();
  await expect(dash.getByTestId('chart-d-x-vs-d-g-z').locator('canvas')).toBeVisible();
  await expect(dash.getByTestId('chart-gradient-norms')).toContainText('‖∇D‖');
  await expect(dash.getByTestId('sample-timeline').getByTestId('sample-image')).toBeVisible({ timeout: 60_000 });
  await page.setViewportSize({ width: 1280, height: 1600 });
  await page.screenshot({ path: `${SHOTS}/runs-dashboard-training.png` });

  await expect(dash).toHaveAttribute('data-status', 'completed', { timeout: 120_000 });
  await expect(dash.getByTestId('run-status')).toHaveText('completed');
  await expect(dash.getByTestId('run-step')).toHaveText(`${STEPS} / ${STEPS}`);
  // The timeline follows the newest grid: the last step's.
  await expect(dash.getByTestId('sample-step')).toHaveText(String(STEPS), { timeout: 15_000 });
  await expect(dash.getByTestId('sample-slider')).toBeVisible();
  await expect(dash.getByTestId('run-checkpoints')).toContainText(`step ${STEPS}`);
  await expect(dash.getByTestId('health-panel')).toBeVisible();
  await expect(dash.getByTestId('run-config').locator('[data-key="sampleEvery"]')).toHaveAttribute('data-testid', 'config-changed');
  await expect(dash.getByTestId('run-continue')).toBeVisible();
  await expect(dash.getByTestId('run-backend')).not.toHaveText('—');
  await expect(dash.getByTestId('run-took')).toBeVisible();
  // Disk use of the run folder (checkpoints and grids), in the header and the table.
  const size = /^\d+(\.\d)? (kB|MB)$/;
  await expect(dash.getByTestId('run-disk')).toHaveText(size);
  await expect(page.getByTestId('runs-table').getByTestId('run-disk-cell')).toHaveText(size);
  await page.screenshot({ path: `${SHOTS}/runs-dashboard-completed.png` });

  // Moving the slider back shows an older grid.
  const slider = dash.getByTestId('sample-slider');
  await slider.click({ position: { x: 2, y: 5 } });
  await expect(dash.getByTestId('sample-step')).toHaveText(String(SAMPLE_EVERY));
});

test('the completed run reloads with its history, in the dark theme too', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1600 });
  await open(page, 'runs', true);
  const dash = page.getByTestId('run-dashboard');
  await expect(dash).toHaveAttribute('data-status', 'completed');
  await expect(dash.getByTestId('sample-image')).toBeVisible();
  await expect(dash.getByTestId('chart-losses')).not.toContainText('Waiting for the first step');
  await page.screenshot({ path: `${SHOTS}/runs-dashboard-completed-dark.png` });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId('new-run').click();
  await page.getByTestId('new-run-form').getByText('Advanced settings').click();
  await expect(page.getByTestId('run-width')).toBeVisible();
  await page.waitForTimeout(400); // let the expand animation finish before the picture
  await page.screenshot({ path: `${SHOTS}/runs-new-run-form-dark.png` });
});
