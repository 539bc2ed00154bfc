import { existsSync } from 'node:fs';
import type { Browser, BrowserType, Page } from 'playwright';

/** Flags that keep Chromium off the network (this machine has none) and off the GPU, as test/e2e/browser.ts. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Chromium through Playwright, or why there is none: `{ reason }` becomes the bench's skip line. */
export type ChromiumFound = { ok: true; chromium: BrowserType; executablePath: string | undefined } | { ok: false; reason: string };

/**
 * Playwright (a dev dependency) and a Chromium to drive: `$CHROMIUM_PATH`, Debian's `/usr/bin/chromium`, else
 * Playwright's own download. Launches it once to be sure it starts. Never throws.
 */
export async function findChromium(): Promise<ChromiumFound> {
  let chromium: BrowserType;
  try {
    ({ chromium } = await import('playwright'));
  } catch (err) {
    return { ok: false, reason: `playwright is not installed (a dev dependency: npm install): ${(err as Error).message.split('\n')[0]}` };
  }
  const system = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => Boolean(p) && existsSync(p!));
  const bundled = (() => {
    try {
      return chromium.executablePath();
    } catch {
      return '';
    }
  })();
  if (!system && !existsSync(bundled)) {
    return { ok: false, reason: 'Chromium not found: apt-get install chromium (Debian), set CHROMIUM_PATH, or npx playwright install chromium' };
  }
  try {
    const browser = await launchChromium({ ok: true, chromium, executablePath: system });
    await browser.close();
  } catch (err) {
    return { ok: false, reason: `Chromium (${system ?? bundled}) does not start: ${(err as Error).message.split('\n')[0]}` };
  }
  return { ok: true, chromium, executablePath: system };
}

/** Headless Chromium with the bench's flags. */
export function launchChromium(found: Extract<ChromiumFound, { ok: true }>): Promise<Browser> {
  return found.chromium.launch({ headless: true, args: CHROMIUM_ARGS, ...(found.executablePath ? { executablePath: found.executablePath } : {}) });
}

/** What one scroll measured: every frame's duration (ms, between successive requestAnimationFrame times). */
export interface ScrollTrace {
  frames: number[];
  /** The element's scroll range, px, and how far the wheel got. */
  scrollPx: number;
  reachedPx: number;
  /** Of the cells on screen (`cellSelector`), the share that showed a picture, sampled every 30 frames. */
  shownShare: number;
}

/** In-page, as a string (no transpiler helper may leak into it): records frame times until `__benchStop` is set. */
function recorderScript(root: string, cellSelector: string): string {
  return `(() => {
    const el = document.querySelector(${JSON.stringify(root)});
    const w = window;
    w.__benchFrames = []; w.__benchShown = []; w.__benchStop = false;
    let prev = -1;
    const tick = (t) => {
      if (prev >= 0) w.__benchFrames.push(t - prev);
      prev = t;
      if (w.__benchFrames.length % 30 === 0) {
        const cells = el.querySelectorAll(${JSON.stringify(cellSelector)});
        if (cells.length) w.__benchShown.push(el.querySelectorAll(${JSON.stringify(`${cellSelector} img`)}).length / cells.length);
      }
      if (!w.__benchStop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    return el.scrollHeight - el.clientHeight;
  })()`;
}

/**
 * Scrolls the element `root` from its top to its bottom with mouse-wheel input, as a user does (the compositor
 * scrolls, the page gets scroll events), at a steady rate: the wheel's total follows the clock so that the whole
 * range takes `seconds`. Meanwhile the page records every animation frame's duration.
 */
export async function scrollWithWheel(page: Page, root: string, cellSelector: string, seconds: number): Promise<ScrollTrace> {
  const box = await page.locator(root).boundingBox();
  if (!box) throw new Error(`bench: ${root} is not on screen`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.evaluate(`document.querySelector(${JSON.stringify(root)}).scrollTop = 0`);
  const scrollPx = (await page.evaluate(recorderScript(root, cellSelector))) as number;
  const rate = scrollPx / seconds; // px/s
  const t0 = performance.now();
  let sent = 0;
  while (sent < scrollPx) {
    const due = Math.min(scrollPx, Math.round(((performance.now() - t0) / 1000) * rate));
    if (due > sent) {
      await page.mouse.wheel(0, due - sent);
      sent = due;
    }
    await new Promise((r) => setTimeout(r, 8)); // ~120 wheel events a second, as a free-spinning wheel or a trackpad
  }
  await page.waitForTimeout(100); // the last wheel's frames
  const out = (await page.evaluate(`(() => {
    window.__benchStop = true;
    const shown = window.__benchShown;
    return { frames: window.__benchFrames, reachedPx: document.querySelector(${JSON.stringify(root)}).scrollTop,
      shownShare: shown.length ? shown.reduce((a, b) => a + b, 0) / shown.length : 0 };
  })()`)) as Omit<ScrollTrace, 'scrollPx'>;
  return { ...out, scrollPx };
}

/** The q-quantile (0..1) of `xs` by nearest rank. */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? Number.NaN;
}
