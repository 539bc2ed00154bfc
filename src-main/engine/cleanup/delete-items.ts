import { readFile, rm } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { ApiError } from '../../shared/api/errors';
import type { DeletePlan } from '../../shared/domain/cleanup';
import type { Db } from '../db/database';
import { findDatasetById, findDatasetByName } from '../datasets/dataset-repo';
import { getExport } from '../export/export-repo';
import { readmeNamesExport } from '../export/metadata';
import { folderBytes } from '../files/folder-bytes';
import { homeLayout } from '../home/studio-home';
import { getBatch } from '../generation/samples-repo';
import { getRun } from '../training/runs-repo';
import {
  batchOwnFiles, deletedAt, forgetPendingDelete, liveBatchesOfRun, markDeleted, pendingDeletes, runsUsingDataset, versionsOfDataset,
  type DeletableKind,
} from './cleanup-repo';

/**
 * Deleting a dataset, run, batch or export: what it removes, the space it frees, and what would make it unsafe.
 * Rows stay (marked deleted) so lineage keeps answering; only files the studio wrote in its home (or an export
 * folder it wrote) are removed, never a user's source folder.
 */

const inside = (root: string, p: string): boolean => {
  const rel = relative(resolve(root), resolve(p));
  return rel !== '' && !rel.startsWith('..') && !rel.includes(`..${sep}`);
};

interface Resolved extends DeletePlan {
  /** Absolute paths of files and folders to remove. */
  paths: string[];
}

async function planDataset(db: Db, home: string, ref: string): Promise<Resolved> {
  const d = findDatasetByName(db, ref) ?? findDatasetById(db, ref);
  if (!d) throw new ApiError('not_found', `no dataset '${ref}': list them with 'gan-studio datasets'`);
  const layout = homeLayout(home);
  const versions = versionsOfDataset(db, d.datasetId);
  // What the studio holds for it: training caches, and copies it made inside the home (uploads, built-in samples).
  const paths = [
    ...versions.map((v) => join(layout.cache, 'training', v.versionId)),
    ...[...new Set(versions.map((v) => v.sourceFolder))].filter((f) => inside(layout.datasets, f) || inside(layout.uploads, f)),
  ];
  const runs = runsUsingDataset(db, d.datasetId);
  return {
    kind: 'dataset', id: d.datasetId, name: d.name, paths, freedBytes: await bytesOf(paths),
    blockers: runs.length ? [`runs ${runs.join(', ')} were trained on it: delete them first (their lineage needs the dataset)`] : [],
    keeps: ['the source folder you imported from (never touched)', 'its rows, so the lineage of exported real images still answers'],
  };
}

async function planRun(db: Db, ref: string): Promise<Resolved> {
  const run = getRun(db, ref);
  if (!run) throw new ApiError('not_found', `no run ${ref}: list them with 'gan-studio runs'`);
  const busy = ['queued', 'running', 'paused'].includes(run.status);
  const batches = liveBatchesOfRun(db, run.runId);
  return {
    kind: 'run', id: run.runId, name: `${run.kind} run ${run.runId}`, paths: [run.runDir], freedBytes: await folderBytes(run.runDir),
    blockers: busy ? [`run ${run.runId} is ${run.status}: stop it first`] : [],
    keeps: [`its ${batches.length} batch(es) and their samples (still exportable)`, 'its rows, so lineage still answers'],
  };
}

async function planBatch(db: Db, home: string, ref: string): Promise<Resolved> {
  const b = getBatch(db, ref);
  if (!b) throw new ApiError('not_found', `no batch ${ref}: list them with 'gan-studio batches'`);
  const files = batchOwnFiles(db, b.batchId);
  const busy = ['queued', 'running', 'paused'].includes(b.status);
  return {
    kind: 'batch', id: b.batchId, name: `batch ${b.batchId} (${b.count} images)`, paths: files.map((f) => join(home, f.path)),
    freedBytes: files.reduce((n, f) => n + f.bytes, 0), blockers: busy ? [`batch ${b.batchId} is ${b.status}: cancel it first`] : [],
    keeps: ['its rows, so the lineage of files exported from it still answers'],
  };
}

async function planExport(db: Db, ref: string): Promise<Resolved> {
  const e = getExport(db, ref);
  if (!e) throw new ApiError('not_found', `no export ${ref}`);
  const readme = await readFile(join(e.out, 'README.md'), 'utf8').catch(() => null);
  const ours = e.completedAt !== null && e.replacedAt === null && readme !== null && readmeNamesExport(readme, e.exportId);
  return {
    kind: 'export', id: e.exportId, name: `export ${e.out}`, paths: ours ? [e.out] : [], freedBytes: ours ? await folderBytes(e.out) : 0,
    blockers: [], keeps: [ours ? 'its rows (the record of what was exported)' : `the folder ${e.out}: it no longer holds this export (moved, replaced or gone); only the record is marked deleted`],
  };
}

const bytesOf = async (paths: string[]): Promise<number> => (await Promise.all(paths.map(folderBytes))).reduce((a, b) => a + b, 0);

/** What deleting `kind id` would remove and free, and what blocks it. */
export async function planDelete(db: Db, home: string, kind: DeletableKind, id: string): Promise<Resolved> {
  const plan = kind === 'dataset' ? await planDataset(db, home, id) : kind === 'run' ? await planRun(db, id)
    : kind === 'batch' ? await planBatch(db, home, id) : await planExport(db, id);
  if (deletedAt(db, kind, plan.id)) throw new ApiError('not_found', `${kind} ${id} is already deleted`);
  return plan;
}

/**
 * Deletes: marks the rows and records the files in one transaction, then removes the files. A crash in between is
 * completed by `sweepPendingDeletes` when the home opens. @throws ApiError conflict when something blocks it.
 */
export async function deleteItem(db: Db, home: string, kind: DeletableKind, id: string): Promise<DeletePlan> {
  const plan = await planDelete(db, home, kind, id);
  if (plan.blockers.length) throw new ApiError('conflict', `cannot delete ${plan.name}: ${plan.blockers.join('; ')}`);
  markDeleted(db, kind, plan.id, plan.paths);
  await sweepPendingDeletes(db);
  const { paths: _, ...out } = plan;
  return out;
}

/** Removes the files of recorded deletes (after a crash, or right after the mark). */
export async function sweepPendingDeletes(db: Db): Promise<number> {
  const paths = pendingDeletes(db);
  for (const p of paths) {
    await rm(p, { recursive: true, force: true });
    forgetPendingDelete(db, p);
  }
  return paths.length;
}
