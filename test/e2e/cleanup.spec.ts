import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { seedHome, type SeededHome } from './seed-home';
import { startServe, type ServeHandle } from './serve-fixture';

const SHOTS = 'test-results/screens';
let seeded: SeededHome;
let serve: ServeHandle;

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  seeded = await seedHome({ spare: true });
  serve = await startServe([], { home: seeded.home });
});
test.afterAll(async () => {
  await serve?.stop();
  rmSync(seeded.root, { recursive: true, force: true });
});

/** Issue 15 item 4 (UI): rename and delete on the Datasets page, delete on the Generate page's batch selector. */
test('rename a dataset; a dataset a run used is blocked, an unused one goes; a batch goes from the Generate page', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(serve.url);
  await page.getByTestId('nav-datasets').click();

  // Rename 'spare'; a taken name is refused beside the field.
  await page.getByTestId('dataset-list').getByText('spare').click();
  await expect(page.getByTestId('detail-name')).toHaveText('spare');
  await page.getByTestId('rename-dataset').click();
  await page.getByTestId('rename-input').locator('input').fill('shapes');
  await page.getByTestId('rename-save').click();
  await expect(page.getByTestId('rename-error')).toContainText("already called 'shapes'");
  await page.getByTestId('rename-input').locator('input').fill('leftovers');
  await page.getByTestId('rename-save').click();
  await expect(page.getByTestId('detail-name')).toHaveText('leftovers');
  await expect(page.getByTestId('dataset-list')).toContainText('leftovers');
  await page.screenshot({ path: `${SHOTS}/cleanup-renamed.png` });

  // 'shapes' trained a run: the dialog says so and Delete stays off.
  await page.getByTestId('dataset-list').getByText('shapes').click();
  await expect(page.getByTestId('detail-name')).toHaveText('shapes');
  await page.getByTestId('delete-dataset').click();
  const dialog = page.getByTestId('delete-dialog');
  await expect(dialog.getByTestId('delete-blockers')).toContainText(seeded.runId);
  await expect(dialog.getByTestId('delete-confirm')).toBeDisabled();
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${SHOTS}/cleanup-dataset-blocked.png` });
  await dialog.getByText('Cancel').click();

  // 'leftovers' is used by nothing: deleted, its source folder untouched.
  await page.getByTestId('dataset-list').getByText('leftovers').click();
  await page.getByTestId('delete-dataset').click();
  await expect(dialog.getByTestId('delete-keeps').first()).toContainText('source folder');
  await dialog.getByTestId('delete-confirm').click();
  await expect(page.getByTestId('dataset-list')).not.toContainText('leftovers', { timeout: 30_000 });
  expect(existsSync(join(seeded.root, 'spare'))).toBe(true);

  // The batch, from the Generate page's selector.
  await page.getByTestId('nav-generate').click();
  await page.getByTestId('delete-batch').click();
  await expect(dialog.getByTestId('delete-frees')).toContainText(/Frees \d/);
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${SHOTS}/cleanup-batch-dialog.png` });
  await dialog.getByTestId('delete-confirm').click();
  await expect(page.getByTestId('no-batch')).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: `${SHOTS}/cleanup-batch-deleted.png` });
});
