import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runTrainCyclegan } from '../../../src-main/engine/training/train-cyclegan';
import type { RunSummary } from '../../../src-main/shared/domain/run';
import { importDomain, TINY_CYCLEGAN } from '../training/cyclegan-fixture';
import { fakeContext, paramsOf, setupRunHome } from '../training/run-fixture';

/**
 * A home with 'shapes' (labeled: bar, circle, square × 8, grey) as domain A, a domain dataset `b` (12 bluish
 * images) as domain B, and a CycleGAN run between them trained for 2 steps (checkpoint 2), in well under a minute.
 */
export async function setupTranslationHome(root: string, b = 'blue') {
  const h = await setupRunHome(root);
  await importDomain(h.db, h.home, root, b, 12, 1);
  const run = (await h.handlers['runs.create']({ kind: 'cyclegan', a: 'shapes', b, config: { ...TINY_CYCLEGAN, steps: 2 } })) as RunSummary;
  const c = fakeContext(h.home, run.runId);
  c.ctx.params = paramsOf(h.db, run);
  await runTrainCyclegan(c.ctx);
  return { ...h, root, run };
}

/** sha256 → path relative to `root` of every file under it: the hashes a translation's sources must have. */
export function hashFiles(root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const abs = join(e.parentPath, e.name);
    out.set(createHash('sha256').update(readFileSync(abs)).digest('hex'), relative(root, abs));
  }
  return out;
}
