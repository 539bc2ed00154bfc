import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import sharp from 'sharp';
import { startServe, type ServeHandle } from './serve-fixture';

/** A domain folder of 12 distinct 32×32 PNGs: a light disc wandering over a reddish (A) or bluish (B) ground. */
async function writeDomain(dir: string, blue: boolean): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < 12; i++) {
    const cx = 10 + (i % 4) * 4, cy = 10 + Math.floor(i / 4) * 5;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect width="32" height="32" fill="${blue ? `rgb(30,${60 + i * 8},190)` : `rgb(190,${60 + i * 8},30)`}"/>` +
      `<circle cx="${cx}" cy="${cy}" r="${6 + (i % 3)}" fill="#eee"/></svg>`;
    await sharp(Buffer.from(svg)).png().toFile(join(dir, `${basename(dir)}-${i}.png`));
  }
}

/**
 * For a spec file of CycleGAN flows: before its tests, the folders 'reds' and 'blues' (domains A and B) under a
 * temporary root and `gan-studio serve` on a fresh home; both removed after. `importDomain` drops one of the folders
 * on the Datasets page as a domain dataset of that name.
 */
export function useDomainsServe(prefix: string) {
  let root = '';
  let serve: ServeHandle | undefined;
  test.beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), `gan-studio-e2e-${prefix}-`));
    await writeDomain(join(root, 'reds'), false);
    await writeDomain(join(root, 'blues'), true);
    serve = await startServe();
  });
  test.afterAll(async () => {
    await serve?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });
  return {
    url: (): string => serve!.url,
    async importDomain(page: Page, name: 'reds' | 'blues'): Promise<void> {
      await page.getByTestId('nav-datasets').click();
      await page.getByTestId('kind-domain').first().click();
      await page.getByTestId('import-name').first().locator('input').fill(name);
      await page.getByTestId('folder-input').first().setInputFiles(join(root, name));
      await expect(page.getByTestId('import-result')).toContainText(name, { timeout: 60_000 });
      await expect(page.getByTestId('import-result')).toContainText('12 images');
    },
  };
}

/** Types a number into the run form's field `testId` and leaves it, as a user tabbing on. */
export async function fillNumber(form: Locator, testId: string, value: number): Promise<void> {
  const input = form.getByTestId(testId).locator('input');
  await input.fill(String(value));
  await input.blur();
}
