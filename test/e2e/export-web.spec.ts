import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { seedHome, type SeededHome } from './seed-home';
import { startServe, type ServeHandle } from './serve-fixture';

const SHOTS = 'test-results/screens';
let seeded: SeededHome;
let serve: ServeHandle | null = null;

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  seeded = await seedHome();
});
test.afterAll(async () => {
  await serve?.stop();
  rmSync(seeded.root, { recursive: true, force: true });
});

/** Issue 15 items 1 and 6: a plain `serve` exports out of the box, the history survives a reload and a restart. */
test('plain serve: the default target works, the hint says where exports go, history with zip survives reload; delete asks once', async ({ page, request }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  serve = await startServe([], { home: seeded.home });
  await page.goto(serve.url);
  await page.getByTestId('nav-export').click();
  const out = page.getByTestId('export-out').locator('input');
  await expect(out).toHaveValue(new RegExp(`^${seeded.home.replace(/[/.]/g, '\\$&')}/exports/export-`), { timeout: 30_000 });
  const hint = page.getByTestId('export-hint');
  await expect(hint).toContainText(`${seeded.home}/exports`);
  await expect(hint).not.toContainText('--');
  await expect(page.getByTestId('export-history-empty')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/export-default-plain.png` });

  await page.getByTestId('export-start').click();
  await expect(page.getByTestId('export-result')).toBeVisible({ timeout: 60_000 });
  const written = (await page.getByTestId('export-out-path').textContent())!;
  expect(existsSync(join(written, 'metadata.jsonl'))).toBe(true);

  // A folder elsewhere in the home is refused in the form's words, naming no CLI flag.
  await out.fill(join(seeded.home, 'runs', 'mine'));
  await page.getByTestId('export-start').click();
  const err = page.getByTestId('export-error');
  await expect(err).toContainText('is inside the studio home');
  await expect(err).toContainText(`${seeded.home}/exports`);
  await expect(err).not.toContainText('--');
  await page.screenshot({ path: `${SHOTS}/export-refused-home.png` });

  // The history is the server's: a reload still lists the export, with its zip.
  await page.reload();
  await page.getByTestId('nav-export').click();
  const row = page.getByTestId('export-history-row');
  await expect(row).toHaveCount(1, { timeout: 30_000 });
  await expect(row).toContainText(written);
  const href = (await row.getByTestId('export-history-zip').getAttribute('href'))!;
  const zip = await request.get(new URL(href, serve.url).toString());
  expect(zip.status()).toBe(200);
  expect((await zip.body()).subarray(0, 2).toString()).toBe('PK');
  await page.screenshot({ path: `${SHOTS}/export-history-after-reload.png` });

  // Delete asks once: what it frees and what stays, then the folder goes and the row with it.
  await row.getByTestId('delete-export').click();
  const dialog = page.getByTestId('delete-dialog');
  await expect(dialog.getByTestId('delete-frees')).toContainText(/Frees \d/);
  await expect(dialog.getByTestId('delete-keeps').first()).toBeVisible();
  await page.waitForTimeout(400); // the dialog's fade-in
  await page.screenshot({ path: `${SHOTS}/export-delete-dialog.png` });
  await dialog.getByTestId('delete-confirm').click();
  await expect(page.getByTestId('export-history-empty')).toBeVisible({ timeout: 30_000 });
  expect(existsSync(written)).toBe(false);
  await serve.stop();
  serve = null;
});

test('after a restart with --allow-dir the default still works, and the hint names the allowed folder', async ({ page }) => {
  test.setTimeout(180_000);
  const allowed = mkdtempSync(join(tmpdir(), 'gan-studio-e2e-allowed-'));
  try {
    serve = await startServe(['--allow-dir', allowed], { home: seeded.home });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(serve.url);
    await page.getByTestId('nav-export').click();
    await expect(page.getByTestId('export-out').locator('input')).toHaveValue(new RegExp(`/exports/export-`), { timeout: 30_000 });
    await expect(page.getByTestId('export-hint')).toContainText(allowed);
    await page.getByTestId('export-start').click();
    await expect(page.getByTestId('export-result')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('export-out-path')).toContainText(`${seeded.home}/exports/`);
    await page.screenshot({ path: `${SHOTS}/export-default-allow-dir.png` });
  } finally {
    await serve?.stop();
    serve = null;
    rmSync(allowed, { recursive: true, force: true });
  }
});
