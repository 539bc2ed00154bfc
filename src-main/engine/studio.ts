import type { EventName, EventPayload } from '../shared/api/contract';
import { ApiError } from '../shared/api/errors';
import type { BackendReport } from '../shared/domain/backend';
import { SelftestParamsSchema, type JobKind } from '../shared/domain/job';
import { createDispatcher } from './api/dispatch';
import { openDatabase } from './db/database';
import { createAllowedRoots } from './files/allowed-roots';
import { createDatasetHandlers } from './services/datasets-service';
import { createRunsHandlers } from './services/runs-service';
import { createSamplesHandlers } from './services/samples-service';
import { createExportHandlers } from './services/export-service';
import { createImageFiles } from './services/image-files';
import { createCleanupHandlers } from './services/cleanup-service';
import { sweepPendingDeletes } from './cleanup/delete-items';
import { createEvaluationsHandlers } from './evaluation/evaluations-service';
import { recoverPendingExports } from './export/recover-exports';
import { openExportFolder } from './export/export-folder';
import { ensureHome } from './home/studio-home';
import { forkNodeWorker } from './jobs/fork-node-worker';
import { diskFullError, isDiskFullError } from './home/disk-full';
import { createJobHost } from './jobs/job-host';
import { getJob, listJobs } from './jobs/jobs-repo';
import type { OpenStudioOptions, Studio, StudioEventListener } from './studio-types';
import { appVersion } from './version';

/** Each job kind's parameters, validated at the boundary; returns them with defaults and the step total. */
function parseJobParams(kind: JobKind, params: Record<string, unknown>): { params: Record<string, unknown>; totalSteps: number } {
  switch (kind) {
    case 'selftest': {
      const parsed = SelftestParamsSchema.safeParse(params);
      if (!parsed.success) throw new ApiError('bad_input', `selftest params: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return { params: parsed.data, totalSteps: parsed.data.steps };
    }
    case 'train':
    case 'train-cgan':
    case 'train-cyclegan':
      throw new ApiError('bad_input', 'training runs are started with runs.create (gan-studio train <model>), which checks the datasets and records the run');
    case 'generate':
      throw new ApiError('bad_input', 'generation is started with samples.generate (gan-studio generate), which checks the run and records the batch');
    case 'translate':
      throw new ApiError('bad_input', 'translation is started with samples.translate (gan-studio translate), which checks the run and records the batch');
    case 'evaluate':
      throw new ApiError('bad_input', 'evaluations are started with evaluations.create (gan-studio evaluate), which checks the dataset and batches');
  }
}

/**
 * Opens a studio home for one face: the database (migrated), the allowed folders, the job host, and the
 * dispatcher of the API contract that IPC, the web bridge and the CLI all call.
 * @throws ApiError `home_invalid`, `database_newer`, `database_corrupt`, `database_locked`.
 */
export async function openStudio(options: OpenStudioOptions): Promise<Studio> {
  const layout = ensureHome(options.home);
  const db = openDatabase(layout.database, options.sqliteNativeBinding ? { nativeBinding: options.sqliteNativeBinding } : {});
  // Exports a crash left half done (rows pending, folder never renamed into place): never a reason not to open.
  await recoverPendingExports(db).catch(() => undefined);
  // Files of deletes a crash interrupted (rows already marked): removing them finishes the delete.
  await sweepPendingDeletes(db).catch(() => undefined);
  // The web mode serves a browser: only the home and --allow-dir. Desktop and CLI act as the user on their machine.
  const roots = createAllowedRoots(layout.root, options.allowDirs, { unrestricted: options.face !== 'web' });
  const listeners = new Set<StudioEventListener>();
  const emit = <K extends EventName>(name: K, payload: EventPayload<K>): void => {
    for (const l of listeners) l(name, payload);
  };
  const host = createJobHost({
    db,
    home: layout.root,
    face: options.face,
    forkWorker: options.forkWorker ?? forkNodeWorker,
    backend: options.backend ?? null,
    scheduler: options.scheduler ?? true,
    // A CLI command lives as long as its own job: it must never start another face's job it would then drop.
    scope: options.face === 'cli' ? 'own' : 'all',
    events: {
      state: (job) => emit('job.state', job),
      progress: (p) => emit('job.progress', p),
      log: (l) => emit('job.log', l),
    },
  });
  host.start();

  let backendReport: Promise<BackendReport> | null = null;
  const probeBackend = (): Promise<BackendReport> => {
    backendReport ??= host.probeBackend().catch((err: unknown) => {
      backendReport = null; // retry on the next call
      throw err;
    });
    return backendReport;
  };
  const version = options.version ?? appVersion();

  const mustGetJob = (jobId: string) => {
    const job = getJob(db, jobId);
    if (!job) throw new ApiError('not_found', `no job ${jobId}`);
    return job;
  };

  const dispatch = createDispatcher({
    'app.info': async () => ({ version, home: layout.root, backend: await probeBackend(), face: options.face }),
    'fs.roots': () => ({ roots: roots.roots() }),
    'fs.list': ({ path }) => roots.list(path),
    'jobs.list': () => ({ jobs: listJobs(db) }),
    'jobs.get': ({ jobId }) => mustGetJob(jobId),
    'jobs.start': ({ kind, params }) => {
      const parsed = parseJobParams(kind, params);
      return host.enqueue(kind, parsed.params, parsed.totalSteps);
    },
    'jobs.pause': ({ jobId }) => host.control(jobId, 'pause'),
    'jobs.resume': ({ jobId }) => host.control(jobId, 'resume'),
    'jobs.stop': ({ jobId }) => host.control(jobId, 'stop'),
    ...createDatasetHandlers({ db, layout, roots, emitProgress: (p) => emit('dataset.progress', p) }),
    ...createRunsHandlers({ db, home: layout.root, app: version, enqueue: (k, p, t) => host.enqueue(k, p, t), control: (id, a) => host.control(id, a), measure: (req) => host.measureSteps(req) }),
    ...createSamplesHandlers({ db, home: layout.root, app: version, enqueue: (k, p, t) => host.enqueue(k, p, t), control: (id, a) => host.control(id, a) }),
    ...createCleanupHandlers({ db, home: layout.root }),
    ...createExportHandlers({
      db, home: layout.root, app: version, assertPath: (p) => roots.assertAllowed(p), assertOutPath: (p) => roots.assertAllowedInside(p),
      ...(roots.restricted ? { assertReadPath: (p: string, folder: string) => roots.assertReadable(p, folder), formWords: true } : {}),
    }),
    ...createEvaluationsHandlers({ db, enqueue: (k, p, t) => host.enqueue(k, p, t), control: (id, a) => host.control(id, a) }),
  });

  let closing: Promise<void> | null = null;
  return {
    home: layout.root,
    // A full disk under any handler (SQLite's SQLITE_FULL, a file's ENOSPC) reaches every face as `disk_full`.
    dispatch: (name, input) => dispatch(name, input).catch((err: unknown) => { throw isDiskFullError(err, layout.root) ? diskFullError(err, layout.root) : err; }),
    exportFolder: (exportId) => openExportFolder(db, exportId, (p) => roots.assertAllowed(p)),
    imageFile: createImageFiles({ db, home: layout.root, ...(roots.restricted ? { readable: (p: string, folder?: string) => roots.isReadable(p, folder) } : {}) }),
    claimJob: (jobId) => host.claim(jobId),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closing ??= (async () => {
        await host.close();
        listeners.clear();
        db.close();
      })();
      return closing;
    },
  };
}
