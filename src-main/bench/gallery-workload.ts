import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Browser } from 'playwright';
import { ApiError } from '../shared/api/errors';
import { projectRoot } from '../engine/version';
import type { BenchValue, WorkloadDef } from './bench-types';
import { findChromium, launchChromium, quantile, scrollWithWheel, type ChromiumFound } from './gallery-browser';
import { writeGalleryHome } from './gallery-home';

/** The budget: 95th-percentile frame time under 32 ms while scrolling. */
export const GALLERY_MAX_P95_MS = 32;
const DEFAULT_SAMPLES = 100_000;
/**
 * Top to bottom in this long: at 1280×900 the 100,000 samples are ~630,000 px of 12-column rows, so ~10,500 px/s
 * (≈ 1,700 samples/s, ~175 px per frame: fresh rows every frame, and no frame skips a whole box height).
 */
const DEFAULT_SECONDS = 60;

/** Set by `precheck` (which runs first), so setup does not look for Chromium twice. */
let found: ChromiumFound | null = null;

/** The web UI must be built (`out/renderer`): the server serves that, not the sources. */
export class UiNotBuiltError extends ApiError {
  constructor(dir: string) {
    super('not_found', `the gallery100k bench drives the built web UI, but ${join(dir, 'index.html')} is missing: run \`npm run build\` first`);
  }
}

/** `GAN_STUDIO_BENCH_GALLERY_SAMPLES` / `_SECONDS` (trying the workload quickly), else the 100,000 and 30 s. */
function envNumber(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new ApiError('bad_input', `${name} must be a number ≥ ${min}, not '${raw}'`);
  return n;
}

/** `gan-studio serve --json` on a free port of `home`, as a user starts it; resolves once it listens. */
async function startServer(home: string): Promise<{ url: string; child: ChildProcess }> {
  const bin = join(projectRoot(), 'bin', 'gan-studio.mjs');
  const child = spawn(process.execPath, [bin, 'serve', '--json', '--port', '0', '--home', home], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`gan-studio serve exited with ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}`)));
  });
  return { url: (JSON.parse(line) as { url: string }).url, child };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await exited;
}

/**
 * `gallery100k`: a home with one batch of 100,000 generated 28×28 samples, served by `gan-studio serve`; headless
 * Chromium (through Playwright) opens Generate & Compare at 1280×900, waits for the gallery's first images, then
 * scrolls it from top to bottom with the mouse wheel at a steady rate while timing every animation frame. The timed
 * step is the scroll; the line adds `samples`, `frames`, `p50_frame_ms`, `p95_frame_ms`, `max_frame_ms`,
 * `frames_over_32ms`, `scroll_px_per_s`, `shown_pct` (cells on screen that showed their picture, on average),
 * `max_p95_ms` and `pass` (p95 < 32 ms). Without Playwright or Chromium the line is a skip line; without a build the
 * bench fails at once (UiNotBuiltError).
 */
export const GALLERY_WORKLOAD: WorkloadDef = {
  description: `scroll the Generate gallery through ${DEFAULT_SAMPLES.toLocaleString('en')} samples in Chromium (p95 frame time < ${GALLERY_MAX_P95_MS} ms)`,
  get imagesPerStep() {
    return Math.round(Number(process.env.GAN_STUDIO_BENCH_GALLERY_SAMPLES ?? DEFAULT_SAMPLES)) || DEFAULT_SAMPLES;
  },
  steps: 1,
  warmup: 0,
  async precheck() {
    found = await findChromium();
    if (!found.ok) return found.reason;
    const dir = join(projectRoot(), 'out', 'renderer');
    if (!existsSync(join(dir, 'index.html'))) throw new UiNotBuiltError(dir);
    return null;
  },
  async setup() {
    const samples = Math.round(envNumber('GAN_STUDIO_BENCH_GALLERY_SAMPLES', DEFAULT_SAMPLES, 1));
    const seconds = envNumber('GAN_STUDIO_BENCH_GALLERY_SECONDS', DEFAULT_SECONDS, 1);
    found ??= await findChromium();
    if (!found.ok) throw new ApiError('backend_unavailable', found.reason);
    const { home } = writeGalleryHome(samples);
    let server: ChildProcess | null = null;
    let browser: Browser | null = null;
    const cleanup = async (): Promise<void> => {
      await browser?.close().catch(() => undefined);
      if (server) await stopServer(server);
      rmSync(home, { recursive: true, force: true });
    };
    const extras: Record<string, BenchValue> = {};
    try {
      const started = await startServer(home);
      server = started.child;
      browser = await launchChromium(found);
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${started.url}#/generate`);
      const gallery = page.locator(`[data-testid="gallery"][data-total="${samples}"]`);
      await gallery.waitFor({ timeout: 60_000 });
      await gallery.locator('[data-testid="gallery-item"] img').first().waitFor({ timeout: 60_000 });
      // The status bar's backend probe forks a worker that loads tfjs: let it finish, and the first images settle.
      await page.locator('[data-testid="backend-active"]', { hasNotText: 'detecting' }).waitFor({ timeout: 60_000 }).catch(() => undefined);
      await page.waitForTimeout(1500);
      return {
        async step() {
          const trace = await scrollWithWheel(page, '[data-testid="gallery"]', '[data-testid="gallery-item"]', seconds);
          // The end of the list must really be on screen: a gallery that stopped short would time nothing.
          await page.locator(`[data-testid="gallery-item"][data-index="${samples - 1}"]`).waitFor({ timeout: 10_000 });
          if (trace.reachedPx < trace.scrollPx - 1) throw new Error(`bench gallery100k: the wheel reached ${trace.reachedPx} of ${trace.scrollPx} px`);
          const r1 = (x: number): number => Math.round(x * 10) / 10;
          const p95 = quantile(trace.frames, 0.95);
          Object.assign(extras, {
            samples, frames: trace.frames.length, p50_frame_ms: r1(quantile(trace.frames, 0.5)), p95_frame_ms: r1(p95),
            max_frame_ms: r1(Math.max(...trace.frames)), frames_over_32ms: trace.frames.filter((f) => f > GALLERY_MAX_P95_MS).length,
            scroll_px_per_s: Math.round(trace.scrollPx / seconds), shown_pct: Math.round(trace.shownShare * 100),
            max_p95_ms: GALLERY_MAX_P95_MS, pass: p95 < GALLERY_MAX_P95_MS,
          });
        },
        extras: () => extras,
        dispose: cleanup,
      };
    } catch (err) {
      await cleanup();
      throw err;
    }
  },
};
