import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { writeShapesFolder } from '../engine/training/shapes-dataset';
import { cli as cliOf } from './seed-home';
import { startServe, type ServeHandle } from './serve-fixture';

const SHOTS = 'test-results/screens';
let root: string;
let home: string;
let runId: string;
let serve: ServeHandle;

const cli = (args: string[]) => cliOf([...args, '--home', home]);

// A home with one tiny diffusion run, made with the CLI as a user would.
test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  root = mkdtempSync(join(tmpdir(), 'gan-studio-e2e-sampling-'));
  home = join(root, 'home');
  await writeShapesFolder(join(root, 'shapes'), 6, 3);
  cli(['import', join(root, 'shapes'), '--kind', 'labeled', '--name', 'shapes']);
  runId = String(cli(['train', 'diffusion', '--dataset', 'shapes', '--steps', '2', '--batch', '4', '--width', '8', '--sample-steps', '3',
    '--checkpoint-every', '2', '--sample-every', '2']).runId);
  serve = await startServe([], { home });
});
test.afterAll(async () => {
  await serve?.stop();
  rmSync(root, { recursive: true, force: true });
});

test('a diffusion run\'s guidance and steps set for one batch on the Generate page: the batch records them, the run keeps its own', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(serve.url);
  await page.getByTestId('nav-generate').click();
  const gen = page.getByTestId('generate-form');
  const row = gen.getByTestId('generate-sampling');
  // The run's own values fill the inputs, and the help says they are for this batch only.
  await expect(row.getByTestId('generate-guidance').locator('input')).toHaveValue('1.5');
  await expect(row.getByTestId('generate-sampleSteps').locator('input')).toHaveValue('3');
  await expect(row.getByTestId('sampling-help')).toContainText('the run keeps its own (guidance 1.5, sampling steps 3)');
  await page.screenshot({ path: `${SHOTS}/generate-sampling.png` });

  const guidance = row.getByTestId('generate-guidance').locator('input');
  await guidance.fill('1');
  await guidance.blur();
  const n = gen.getByTestId('generate-per-class').locator('input');
  await n.fill('2');
  await n.blur();
  await gen.getByTestId('generate-filter').click(); // off: nothing to train for a filter
  await gen.getByTestId('generate-start').click();
  await expect(page.getByTestId('batch-progress')).toHaveAttribute('data-status', 'completed', { timeout: 90_000 });
  await expect(page.getByTestId('gallery')).toHaveAttribute('data-total', '6');
  await expect(page.getByTestId('batch-sampling')).toHaveText('sampled with guidance 1 (the run\'s own otherwise)');

  const batches = cli(['batches']) as unknown as { runId: string; sampling: Record<string, number> | null; count: number }[];
  expect(batches).toEqual([expect.objectContaining({ runId, count: 6, sampling: { guidance: 1 } })]);
  expect((cli(['run', runId]) as { config: Record<string, unknown> }).config).toMatchObject({ guidance: 1.5, sampleSteps: 3 });
});
