import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/e2e/browser';

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    launchOptions: chromiumLaunchOptions(),
    screenshot: 'only-on-failure',
  },
});
