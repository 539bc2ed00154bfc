// The desktop smoke test: the built app (out/, from `npm run test:e2e`) in the real Electron binary.
// Skipped, with the reason, where the binary is not installed (it is downloaded by `npm start` on first run).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
type Outcome<T> = ({ ok: true } & T) | { ok: false; line: string };
interface StartDesktop {
  findElectronBinary(dir: string): string | null;
  electronPackageDir(root: string): string;
  electronVersion(dir: string): string;
  ensureElectronSqlite(electron: string, options: { root: string }): Outcome<{ binding: string }>;
}
// Same lookups as `npm start`, without its download attempt.
const startDesktop = (await import(pathToFileURL(join(ROOT, 'scripts', 'start-desktop.mjs')).href)) as StartDesktop;
const electronDir = startDesktop.electronPackageDir(ROOT);
const binary = startDesktop.findElectronBinary(electronDir);

test.skip(!binary, 'Electron binary not installed');

let app: ElectronApplication;

test.beforeAll(async () => {
  const sqlite = startDesktop.ensureElectronSqlite(startDesktop.electronVersion(electronDir), { root: ROOT });
  if (!sqlite.ok) throw new Error(sqlite.line);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
  app = await electron.launch({
    executablePath: binary!,
    args: [ROOT],
    env: { ...env, GAN_STUDIO_HOME: mkdtempSync(join(tmpdir(), 'gan-e2e-electron-')), GAN_STUDIO_SQLITE_BINDING: sqlite.binding },
  });
});
test.afterAll(async () => {
  await app?.close();
});

test('the desktop window loads the studio, shows the backend, and exposes only the named bridge', async () => {
  const page = await app.firstWindow();
  expect(page.url()).toBe('app://studio/index.html');
  const info = await page.evaluate(() => (window as unknown as { ganStudio: { 'app.info'(i: object): Promise<{ face: string; backend: { active: string | null } }> } }).ganStudio['app.info']({}));
  expect(info.face).toBe('desktop');
  expect(info.backend.active).not.toBeNull();
  await expect(page.getByTestId('backend-active')).toContainText(info.backend.active!, { timeout: 30_000 });

  // The page has no Node and no raw IPC.
  const surface = await page.evaluate(() => ({
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    keys: Object.keys((window as unknown as { ganStudio: object }).ganStudio).sort(),
  }));
  expect(surface.require).toBe('undefined');
  expect(surface.process).toBe('undefined');
  expect(surface.keys).not.toContain('invoke');
  expect(surface.keys).toContain('onEvent');

  // Navigation away is cancelled, new windows are refused.
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toBe('app://studio/index.html');
  expect(await page.evaluate(() => window.open('https://example.com/'))).toBeNull();
  expect(app.windows()).toHaveLength(1);
});
