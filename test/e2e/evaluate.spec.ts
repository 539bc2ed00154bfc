import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { writeShapesFolder } from '../engine/training/shapes-dataset';
import { startServe, type ServeHandle } from './serve-fixture';

const SHOTS = 'test-results/screens';
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gan-studio.mjs');
let serve: ServeHandle;
let data: string;
let runId: string;
let evaluatedBatch: string;

/** The CLI on the server's home: the server holds the queue, so the CLI's jobs run there and the CLI waits. */
function cli(args: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, [BIN, ...args, '--home', serve.home, '--json'], { encoding: 'utf8', timeout: 240_000 });
  if (r.status !== 0) throw new Error(`gan-studio ${args[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  serve = await startServe();
  data = mkdtempSync(join(tmpdir(), 'gan-studio-e2e-eval-'));
  // 20 per class: the default split holds out 2 per class, the least an evaluation tests on
  await writeShapesFolder(join(data, 'shapes'), 20, 3);
  cli(['import', join(data, 'shapes'), '--kind', 'labeled', '--name', 'shapes']);
  const run = cli(['train', 'cgan', '--dataset', 'shapes', '--steps', '2', '--resolution', '28', '--batch', '4', '--width', '8', '--checkpoint-every', '2']);
  runId = String(run.runId);
  evaluatedBatch = String(cli(['generate', runId, '--per-class', '6', '--seed', '1']).batchId);
});
test.afterAll(async () => {
  await serve?.stop();
  rmSync(data, { recursive: true, force: true });
});

test('evaluate a batch: bars with error bars, per-class gains, the sentence and the recommended ratio', async ({ page }) => {
  test.setTimeout(400_000);
  await page.setViewportSize({ width: 1280, height: 1400 });
  await page.goto(serve.url);
  await page.getByTestId('nav-evaluate').click();
  const form = page.getByTestId('evaluate-form');
  await expect(form.getByTestId('evaluate-dataset')).toContainText('shapes');
  await expect(form.getByTestId('evaluate-baseline')).toContainText('augmented copies: shifts and mirror');
  const seeds = form.getByTestId('evaluate-seeds').locator('input');
  await seeds.fill('1');
  await seeds.blur();
  await form.getByTestId('evaluate-start').click();
  await expect(page.getByTestId('evaluation-sentence')).toBeVisible({ timeout: 360_000 });
  await expect(page.getByTestId('evaluation-sentence')).toContainText(/(helps|does not help|no clear effect)/);
  await expect(page.getByTestId('evaluation-recommended')).toContainText(/(Recommended ratio|No ratio clearly helped)/);
  // the paired test of the best ratio against real only, on the test images
  await expect(page.getByTestId('evaluation-paired')).toContainText(/At ×[15], against real only with the same seeds: better on \d+ test images, worse on \d+ \(p [=<] [01]\.\d+\)/);
  // real only, ×1, ×5, synthetic only, and the reference: augmented copies of the real images
  await expect(page.getByTestId('evaluation-bars').locator('[data-testid^="bar-"]')).toHaveCount(5);
  await expect(page.getByTestId('bar-4')).toContainText('augmented ×5');
  await expect(page.getByTestId('evaluation-baseline')).toContainText(/Reference: the real images plus as many copies of them, shifted by up to 2 px and mirrored at random, give [+−]\d+\.\d points at ×5 \(one seed\)\. The samples (add|give)/);
  await expect(page.getByTestId('evaluation-sentence')).toContainText('augmented copies of the real images instead');
  await expect(page.getByTestId('class-gains').locator('tbody tr')).toHaveCount(3);
  // per class, the reference arm's gain beside the samples'
  await expect(page.getByTestId('class-gains').locator('[data-testid^="class-copies-"]')).toHaveCount(3);
  await expect(page.getByTestId('class-gains')).toContainText('augmented ×5 (points)');
  // 6 test images: the page says how uncertain that is
  await expect(page.getByTestId('evaluation-report')).toContainText('only 6 images');
  await page.screenshot({ path: `${SHOTS}/evaluate.png`, fullPage: true });
  const firstId = /^(\w+)/.exec((await page.getByTestId('evaluation-select').textContent())!.trim())![1]!;

  // a second evaluation (ratio 1 only, no reference arm): the table compares both, and a row opens its evaluation
  await expect(page.getByTestId('evaluations-card')).toHaveCount(0);
  await form.getByTestId('evaluate-baseline').click();
  await page.getByText('none', { exact: true }).click();
  await form.getByTestId('evaluate-start').click();
  const table = page.getByTestId('evaluations-table');
  await expect(table.locator('[data-testid^="evaluation-row-"]')).toHaveCount(2, { timeout: 30_000 });
  const first = table.getByTestId(`evaluation-row-${firstId}`);
  await expect(first).toContainText('completed');
  // 6 held-out test images: the row says so
  await expect(first.getByTestId(`eval-small-test-${firstId}`)).toHaveText('n=6');
  await expect(first.getByTestId(`eval-gain-${firstId}`)).toHaveText(/^[+−]\d+\.\d at ×[15]$/);
  await expect(first.getByTestId(`eval-copies-${firstId}`)).toHaveText(/^[+−]\d+\.\d at ×5$/);
  const second = table.locator('[data-testid^="evaluation-row-"]').first();
  await expect(second).toContainText('completed', { timeout: 120_000 });
  const secondId = (await second.getAttribute('data-testid'))!.replace('evaluation-row-', '');
  expect(secondId).not.toBe(firstId);
  await expect(second).toContainText('—');
  await expect(page.getByTestId('evaluation-select')).toContainText(secondId);
  await first.click();
  await expect(page.getByTestId('evaluation-select')).toContainText(firstId);
  await expect(page.getByTestId('evaluation-baseline')).toBeInViewport();
  await expect(table.locator('thead')).toContainText('Best gain');
  await table.scrollIntoViewIfNeeded();
  await page.mouse.move(0, 0);
  await expect(first).toHaveClass(/selected-row/);
  await page.screenshot({ path: `${SHOTS}/evaluations-table.png` });
});

test('Generate and Export say what the evaluation of a batch found and open it; a batch never evaluated leads to the form', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 1000 });
  // the test above evaluated `evaluatedBatch`; this one never is
  const fresh = String(cli(['generate', runId, '--per-class', '6', '--seed', '2']).batchId);
  await page.goto(serve.url);
  await page.getByTestId('nav-export').click();
  const picked = page.getByTestId('export-batches');
  await expect(picked).toContainText(fresh, { timeout: 30_000 });
  await expect(picked).not.toContainText(evaluatedBatch);
  await expect(page.getByTestId('verdict-none')).toContainText('No evaluation has judged these batches');
  await expect(page.getByTestId('verdict')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/export-not-evaluated.png` });
  // both batches: the evaluation of the one judged, saying it covers one of the two
  await picked.click();
  await page.getByText(new RegExp(`^${evaluatedBatch}`)).first().click();
  await page.getByText('Export a training set').click();
  await expect(page.locator('.n-base-select-menu')).toBeHidden();
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toContainText('(of 1 of the 2 generated batches)');
  // the newest evaluation of that batch: the first test's second one, without the reference arm
  await expect(verdict).toContainText(/(helps|does not help|no clear effect).*synthetic only \d+\.\d% vs real only \d+\.\d%\. Tested on/);
  await expect(verdict).toContainText(/Tested on 6 real images \(±\d+\.\d points, 95%\)/);
  await page.screenshot({ path: `${SHOTS}/export-verdict.png` });
  const evaluationId = /Evaluation (\w+)/.exec((await verdict.textContent())!)![1]!;
  await page.getByTestId('verdict-open').click();
  await expect(page).toHaveURL(/#\/evaluate$/);
  await expect(page.getByTestId('evaluation-select')).toContainText(`${evaluationId} · ${evaluatedBatch} · completed`);
  await expect(page.getByTestId('evaluation-sentence')).toBeVisible();
  // back on Export with the fresh batch alone: "Evaluate them" opens the form with it picked
  await page.getByTestId('nav-export').click();
  await page.getByTestId('verdict-evaluate').click();
  await expect(page).toHaveURL(new RegExp(`#/evaluate\\?batches=${fresh}$`));
  const form = page.getByTestId('evaluate-form');
  await expect(form.getByTestId('evaluate-batches')).toContainText(fresh);
  await expect(form.getByTestId('evaluate-batches')).not.toContainText(evaluatedBatch);
  await expect(form.getByTestId('evaluate-dataset')).toContainText('shapes');

  // the gallery of the judged batch says the same, and its "Export…" opens the Export form with that batch alone
  await page.getByTestId('nav-generate').click();
  await page.getByTestId('filter-batch').click();
  await page.getByText(new RegExp(`^${evaluatedBatch} ·`)).first().click();
  await expect(page.locator('.n-base-select-menu')).toBeHidden();
  await expect(page.getByTestId('verdict')).toContainText(`Evaluation ${evaluationId}`);
  await expect(page.getByTestId('verdict')).not.toContainText('generated batches');
  await page.screenshot({ path: `${SHOTS}/generate-verdict.png` });
  await page.getByTestId('batch-export').click();
  await expect(page).toHaveURL(new RegExp(`#/export\\?batches=${evaluatedBatch}$`));
  await expect(page.getByTestId('export-batches')).toContainText(evaluatedBatch);
  await expect(page.getByTestId('export-batches')).not.toContainText(fresh);
  await expect(page.getByTestId('verdict')).toContainText(`Evaluation ${evaluationId}`);
  // a link naming a batch that is not there picks what is (from another page, so that the form is made anew)
  await page.getByTestId('nav-datasets').click();
  await page.goto(`${serve.url.split('#')[0]}#/export?batches=gone0000,${evaluatedBatch}`);
  await expect(page.getByTestId('export-batches')).toContainText(evaluatedBatch);
  await expect(page.getByTestId('export-batches')).not.toContainText('gone0000');
});
