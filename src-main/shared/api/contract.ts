import { z } from 'zod';
import { BackendReportSchema } from '../domain/backend';
import { FsListingSchema, FsRootSchema } from '../domain/files';
import { JobKindSchema, JobLogSchema, JobProgressSchema, JobSchema } from '../domain/job';
import { cleanupCalls } from './contract-cleanup';
import { datasetCalls, datasetEvents } from './contract-datasets';
import { modelCalls } from './contract-models';
import { evaluationCalls } from './contract-evaluations';
import { runCalls } from './contract-runs';
import { sampleCalls } from './contract-samples';

/**
 * The one API contract. Every call is a request/response pair of zod schemas; every event a payload schema.
 * Electron IPC (preload) and the web bridge (WebSocket + HTTP) are both derived from these two objects, and
 * every input is validated against them at the boundary before a handler sees it.
 */
const JobIdInput = z.object({ jobId: z.string().min(1).max(64) }).strict();

export const InfoSchema = z.object({
  version: z.string(),
  home: z.string(),
  backend: BackendReportSchema,
  /** Which face answers: the desktop app, the web server or the CLI. */
  face: z.enum(['desktop', 'web', 'cli']),
});
export type Info = z.infer<typeof InfoSchema>;

/** The foundation's calls: app, folders, the job queue. Each later domain adds its own `contract-<domain>.ts`. */
const coreCalls = {
  /** Version, studio home and the compute backend report (`gan-studio info`). */
  'app.info': { input: z.object({}).strict(), output: InfoSchema },
  /** Folders the UI may browse: the home and every `--allow-dir`. */
  'fs.roots': { input: z.object({}).strict(), output: z.object({ roots: z.array(FsRootSchema) }) },
  /** One folder's entries; refused outside the roots. */
  'fs.list': { input: z.object({ path: z.string().min(1).max(4096) }).strict(), output: FsListingSchema },
  'jobs.list': { input: z.object({}).strict(), output: z.object({ jobs: z.array(JobSchema) }) },
  'jobs.get': { input: JobIdInput, output: JobSchema },
  /** Queue a job; it starts when no other job is running. */
  'jobs.start': {
    input: z.object({ kind: JobKindSchema, params: z.record(z.string(), z.unknown()).default({}) }).strict(),
    output: JobSchema,
  },
  'jobs.pause': { input: JobIdInput, output: JobSchema },
  'jobs.resume': { input: JobIdInput, output: JobSchema },
  'jobs.stop': { input: JobIdInput, output: JobSchema },
} as const;

export const calls = {
  ...coreCalls,
  ...datasetCalls,
  ...modelCalls,
  ...runCalls,
  ...sampleCalls,
  ...cleanupCalls,
  ...evaluationCalls,
} as const;

export const events = {
  /** At most ~4 a second per job. */
  'job.progress': JobProgressSchema,
  'job.log': JobLogSchema,
  /** A job's row whenever its status changes. */
  'job.state': JobSchema,
  ...datasetEvents,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
export type CallParsedInput<K extends CallName> = z.output<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;

export const CALL_NAMES = Object.keys(calls) as CallName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** What a transport exposes to the renderer: one typed call function and an event subscription. */
export interface ApiTransport {
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>;
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
}
