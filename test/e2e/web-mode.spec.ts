import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { startServe, type ServeHandle } from './serve-fixture';

const SHOTS = 'test-results/screens';
let serve: ServeHandle;

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  serve = await startServe();
});
test.afterAll(async () => {
  await serve?.stop();
});

test('the UI loads with the token, shows the backend, and every page has its empty state', async ({ page }) => {
  await page.goto(serve.url);
  await expect(page.getByTestId('backend-active')).toContainText('wasm', { timeout: 30_000 });
  // The token leaves the address bar once the page has it.
  await expect.poll(() => page.url()).not.toContain('token=');
  for (const [nav, empty] of [
    ['nav-datasets', 'empty-datasets'],
    ['nav-generate', 'empty-generate'],
    ['nav-export', 'empty-export'],
    ['nav-lineage', 'empty-lineage'],
  ] as const) {
    await page.getByTestId(nav).click();
    await expect(page.getByTestId(empty)).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/${nav.replace('nav-', '')}.png` });
  }
  await page.getByTestId('nav-system').click();
  const candidates = page.getByTestId('backend-candidates');
  await expect(candidates).toContainText('tfjs-node-gpu');
  await expect(candidates).toContainText('not installed');
  await page.screenshot({ path: `${SHOTS}/system.png` });
});

test('a backend self-test runs from the Runs page with live progress', async ({ page }) => {
  await page.goto(serve.url);
  await page.getByTestId('nav-runs').click();
  await page.getByTestId('start-selftest').click();
  await expect(page.getByText('completed').first()).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: `${SHOTS}/runs.png` });
});

test('the API refuses requests without the token, and the page says how to get in', async ({ page, request }) => {
  const base = `http://127.0.0.1:${serve.port}`;
  expect((await request.get(`${base}/api/health`)).status()).toBe(401);
  expect((await request.get(`${base}/api/health?token=${serve.token}`)).status()).toBe(200);
  expect((await request.post(`${base}/api/call/app.info`, { data: {} })).status()).toBe(401);
  await page.goto(`${base}/?token=wrong-token`);
  await expect(page.getByText(/gan-studio serve/)).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: `${SHOTS}/wrong-token.png` });
});

test('dark theme renders', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(serve.url);
  await expect(page.getByTestId('backend-active')).toContainText('wasm', { timeout: 30_000 });
  await page.screenshot({ path: `${SHOTS}/datasets-dark.png` });
});
