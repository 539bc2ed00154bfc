import { mkdirSync } from 'node:fs';
import { expect, test, type Locator } from '@playwright/test';
import { fillNumber, useDomainsServe } from './domains-fixture';

const SHOTS = 'test-results/screens';
/** The smallest network the engine builds (as test/cli/cyclegan.test.ts): ~0.1 s/step at 32 px, long enough to watch. */
const STEPS = 240;
const SAMPLE_EVERY = 40;
const TINY: Record<string, number> = { width: 4, discWidth: 4, resBlocks: 1, checkpointEvery: 120, sampleEvery: SAMPLE_EVERY, samplesPerPanel: 3 };
const domains = useDomainsServe('domains');

/** The charts CycleGAN's model declares (models.list), legends naming the eight losses; none of the cGAN's. */
async function expectCycleganCharts(dash: Locator): Promise<void> {
  await expect(dash.getByTestId('chart-generators-lsgan')).toContainText('Generators (LSGAN)');
  await expect(dash.getByTestId('chart-generators-lsgan')).toContainText(/G A→B.*G B→A/);
  await expect(dash.getByTestId('chart-discriminators')).toContainText(/D A.*D B/);
  await expect(dash.getByTestId('chart-cycle-l1')).toContainText(/cycle A.*cycle B/);
  await expect(dash.getByTestId('chart-identity-l1')).toContainText(/identity A.*identity B/);
  for (const id of ['chart-generators-lsgan', 'chart-discriminators', 'chart-cycle-l1', 'chart-identity-l1']) await expect(dash.getByTestId(id).locator('canvas')).toBeVisible();
  for (const id of ['chart-losses', 'chart-d-x-vs-d-g-z', 'chart-gradient-norms']) await expect(dash.getByTestId(id)).toHaveCount(0);
}

test.beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

test.describe.configure({ mode: 'serial' });

test('a tiny CycleGAN run between two domains shows its eight losses and a labelled panel timeline, live and finished', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(domains.url());
  await domains.importDomain(page, 'reds');
  await domains.importDomain(page, 'blues');

  // Only domain datasets: the form opens on the first model they can feed, CycleGAN.
  await page.getByTestId('nav-runs').click();
  await page.getByTestId('new-run').click();
  const form = page.getByTestId('new-run-form');
  await expect(form).toHaveAttribute('data-kind', 'cyclegan');
  await expect(page.getByTestId('run-kind-cyclegan')).toHaveClass(/checked/);
  // By name the first two datasets; the swap button turns the direction round.
  await expect(form.getByTestId('run-dataset-a')).toContainText('blues');
  await expect(form.getByTestId('run-dataset-b')).toContainText('reds');
  await form.getByTestId('swap-datasets').click();
  await expect(form.getByTestId('run-dataset-a')).toContainText('reds');
  await expect(form.getByTestId('run-dataset-b')).toContainText('blues');
  await form.getByTestId('run-preset').getByText('Quick look').click();
  await expect(form).toContainText('900 steps');
  // Resolution is derived: "auto" shows what the preset would give.
  await expect(form.getByTestId('run-resolution-auto')).toContainText('Auto (64)');
  await page.screenshot({ path: `${SHOTS}/cyclegan-new-run-form.png` });

  await form.getByTestId('run-resolution-32').click();
  await fillNumber(form, 'run-steps', STEPS);
  await form.getByText('Advanced settings').click();
  await expect(form).toContainText('Cycle weight λ');
  for (const [k, v] of Object.entries(TINY)) await fillNumber(form, `run-${k}`, v);
  // TINY, steps and the resolution
  await expect(form).toContainText(`${Object.keys(TINY).length + 2} settings changed from the preset`);
  await page.waitForTimeout(400); // the expand animation
  await page.screenshot({ path: `${SHOTS}/cyclegan-new-run-form-advanced.png` });
  await form.getByTestId('start-run').click();
  await expect(form).toBeHidden();

  const dash = page.getByTestId('run-dashboard');
  await expect(dash.getByTestId('run-meta')).toContainText('reds (Domain A) ↔ blues (Domain B)');
  await expect(dash.getByTestId('run-meta')).toContainText('32×32');
  await expect(page.getByTestId('runs-table')).toContainText('reds ↔ blues');
  await expect(dash.getByTestId('run-step')).toHaveText(new RegExp(`^([1-9]\\d*) / ${STEPS}$`), { timeout: 60_000 });
  await expectCycleganCharts(dash);
  const timeline = dash.getByTestId('sample-timeline');
  await expect(timeline).toContainText('Each row takes the same fixed input through the model');
  await expect(timeline.getByTestId('sample-image')).toBeVisible({ timeout: 60_000 });
  await expect(timeline.getByTestId('panel-column')).toHaveText(['real A', 'fake B', 'rec A', 'real B', 'fake A', 'rec B']);
  await expect(dash.getByTestId('health-panel')).toContainText('watched for a winning discriminator and oscillation');
  await page.setViewportSize({ width: 1280, height: 1700 });
  await page.screenshot({ path: `${SHOTS}/cyclegan-dashboard-running.png` });

  await expect(dash).toHaveAttribute('data-status', 'completed', { timeout: 150_000 });
  await expect(dash.getByTestId('run-step')).toHaveText(`${STEPS} / ${STEPS}`);
  await expect(dash.getByTestId('sample-step')).toHaveText(String(STEPS), { timeout: 15_000 });
  await expect(dash.getByTestId('run-checkpoints')).toContainText(`step ${STEPS}`);
  await expect(dash.getByTestId('run-backend')).not.toHaveText('—');
  await expect(dash.getByTestId('run-took')).toBeVisible();
  await expect(dash.getByTestId('run-config').locator('[data-key="lambdaCycle"]')).toContainText('Cycle weight λ');
  await expect(dash.getByTestId('run-config').locator('[data-key="width"]')).toHaveAttribute('data-testid', 'config-changed');
  await expect(dash.getByTestId('run-config').locator('[data-key="width"]')).toContainText('default 64');
  await expect(dash.getByTestId('chart-generators-lsgan')).not.toContainText('—');
  await page.screenshot({ path: `${SHOTS}/cyclegan-dashboard-completed.png` });

  // The slider goes back to the first panel.
  await dash.getByTestId('sample-slider').click({ position: { x: 2, y: 5 } });
  await expect(dash.getByTestId('sample-step')).toHaveText(String(SAMPLE_EVERY));
  await expect(timeline.getByTestId('panel-columns')).toBeVisible();
});

test('the finished CycleGAN run reloads with its history, in the dark theme too', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1700 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(domains.url());
  await page.getByTestId('nav-runs').click();
  const dash = page.getByTestId('run-dashboard');
  await expect(dash).toHaveAttribute('data-status', 'completed');
  await expectCycleganCharts(dash);
  await expect(dash.getByTestId('chart-cycle-l1')).not.toContainText('Waiting for the first step');
  await expect(dash.getByTestId('sample-image')).toBeVisible();
  await expect(dash.getByTestId('panel-columns')).toContainText('real A');
  await page.screenshot({ path: `${SHOTS}/cyclegan-dashboard-completed-dark.png` });
});
