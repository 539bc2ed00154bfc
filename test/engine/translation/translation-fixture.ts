import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../src-main/engine/db/database';
import { getJob, insertJob, setStatus } from '../../../src-main/engine/jobs/jobs-repo';
import { createTranslation } from '../../../src-main/engine/translation/translate';
import { runTranslate } from '../../../src-main/engine/translation/run-translate';
import type { RunSummary } from '../../../src-main/shared/domain/run';
import type { TranslateInput } from '../../../src-main/shared/domain/sample';
import { importDomain, TINY_CYCLEGAN } from '../training/cyclegan-fixture';
import { fakeContext, setupRunHome, trainInProcess } from '../training/run-fixture';

/**
 * A home with 'shapes' (labeled: bar, circle, square × 8, grey) as domain A, a domain dataset `b` (12 bluish
 * images) as domain B, and a CycleGAN run between them trained for 2 steps (checkpoint 2), in well under a minute.
 */
export async function setupTranslationHome(root: string, b = 'blue') {
  const h = await setupRunHome(root);
  await importDomain(h.db, h.home, root, b, 12, 1);
  const run = (await h.handlers['runs.create']({ kind: 'cyclegan', datasets: { a: 'shapes', b }, config: { ...TINY_CYCLEGAN, steps: 2 } })) as RunSummary;
  await trainInProcess(h.home, h.db, run);
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

/**
 * `samples.translate` as the API does it (checks, the batch row and its queued `translate` job in one transaction),
 * then the job run here in process as the worker would: the batch id and how many outputs it holds.
 */
export async function translateInProcess(db: Db, home: string, req: Partial<TranslateInput> & Pick<TranslateInput, 'runId' | 'direction'>,
  o: { stopAfter?: number } = {}): Promise<{ batchId: string; count: number; status: 'completed' | 'stopped' }> {
  const batchId = await createTranslation(db, { checkpoint: 'latest', ...req },
    (params, total) => insertJob(db, { jobId: randomUUID().slice(0, 8), kind: 'translate', params, totalSteps: total }).jobId);
  const f = fakeContext(home, batchId, { ...o, kind: 'translate' });
  f.ctx.params = getJob(db, batchId)!.params;
  const outcome = await runTranslate(f.ctx);
  setStatus(db, batchId, outcome.status);
  return { batchId, count: outcome.output.count as number, status: outcome.status };
}
