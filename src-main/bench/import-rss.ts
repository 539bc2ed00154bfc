import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { encodePng } from '../engine/datasets/png-encode';
import type { WorkloadDef } from './bench-types';
import { benchPixels } from './import-workloads';
import { projectRoot } from '../engine/version';

// The child is a source file run through tsx, also when this module runs from the CLI's bundle (out/cli/). Found
// when used, not at load: the GPU kit bundles this module where no checkout exists.
const here = (): string => join(projectRoot(), 'src-main', 'bench');
const SMALL = 10_000;
const LARGE = 100_000;

function writePngFolder(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), `gan-studio-bench-rss${count}-`));
  for (let c = 0; c < 10; c++) mkdirSync(join(dir, `class${c}`));
  for (let i = 0; i < count; i++) writeFileSync(join(dir, `class${i % 10}`, `${i}.png`), encodePng(benchPixels(28, 28, 1, i), 28, 28, 1));
  return dir;
}

/** Imports `folder` in a child process; returns its peak RSS in MB. */
function peakRssOfImport(folder: string, expected: number): number {
  const home = mkdtempSync(join(tmpdir(), 'gan-studio-bench-rss-home-'));
  try {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const out = execFileSync(process.execPath, ['--import', tsx, join(here(), 'import-child.ts'), folder, home], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const { count, peakRssMb } = JSON.parse(out.trim().split('\n').at(-1)!) as { count: number; peakRssMb: number };
    if (count !== expected) throw new Error(`import-rss: imported ${count} of ${expected} images`);
    return peakRssMb;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * `import-rss`: is import streamed? Peak RSS importing 100,000 PNGs against 10,000, each in its own process
 * (target: ratio ≤ 1.5). The timed step is the 100,000-file import; the line adds `peak_rss_mb_10k`,
 * `peak_rss_mb_100k` and `rss_ratio`.
 */
export const IMPORT_RSS_WORKLOAD: WorkloadDef = {
  description: `peak RSS importing ${LARGE} PNGs vs ${SMALL} (streamed import: ratio ≤ 1.5)`,
  imagesPerStep: LARGE,
  steps: 1,
  warmup: 0,
  setup() {
    const small = writePngFolder(SMALL);
    const large = writePngFolder(LARGE);
    const extras: Record<string, number> = {};
    return {
      step() {
        const smallMb = peakRssOfImport(small, SMALL);
        const largeMb = peakRssOfImport(large, LARGE);
        Object.assign(extras, { peak_rss_mb_10k: smallMb, peak_rss_mb_100k: largeMb, rss_ratio: Math.round((largeMb / smallMb) * 100) / 100 });
      },
      extras: () => extras,
      dispose() {
        rmSync(small, { recursive: true, force: true });
        rmSync(large, { recursive: true, force: true });
      },
    };
  },
};
