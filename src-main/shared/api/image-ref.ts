/**
 * Images travel by reference, not inside JSON: a face asks for `/api/image/<kind>/…` (web mode, token-checked) or
 * `app://studio/api/image/<kind>/…` (desktop). This module is the one place that spells those paths, for the
 * renderer that builds them and the servers that parse them; every segment is checked against a strict pattern,
 * so a parsed reference can never name a file outside the studio home.
 *
 * - `sample/<sha256>`: a generated or translated image (content-addressed: never changes).
 * - `thumb/<sha256>`: the 64 px thumbnail of an imported image, keyed by the original's hash (never changes).
 * - `grid/<runId>/<step>`: a run's sample grid at a step (rewritten if a resumed run redoes that step).
 */
export type ImageRef =
  | { kind: 'sample'; sha256: string }
  | { kind: 'thumb'; sha256: string }
  | { kind: 'grid'; runId: string; step: number };

/** The prefix of every image path, after the origin. */
export const IMAGE_ROUTE = '/api/image/';

const SHA256 = /^[0-9a-f]{64}$/;
/** Run ids are job ids: letters, digits, '-' and '_' (no dots, so never '..'). */
const RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;
const STEP = /^(0|[1-9][0-9]{0,9})$/;

/** True for the images whose bytes never change under their path: they may be cached forever. */
export const isImmutable = (ref: ImageRef): boolean => ref.kind !== 'grid';

/**
 * The route path of an image (`/api/image/sample/<sha256>`).
 * @throws Error for a reference that `parseImagePath` would refuse (a bug in the caller, not user input).
 */
export function imagePath(ref: ImageRef): string {
  const path = ref.kind === 'grid' ? `${IMAGE_ROUTE}grid/${ref.runId}/${ref.step}` : `${IMAGE_ROUTE}${ref.kind}/${ref.sha256}`;
  if (!parseImagePath(path)) throw new Error(`not a valid image reference: ${JSON.stringify(ref)}`);
  return path;
}

/**
 * The image a route path names, or null when any segment is malformed (wrong kind, not a lower-case sha256, a run
 * id with other characters, a step that is not a plain number, extra segments, percent-encoding of any kind).
 */
export function parseImagePath(path: string): ImageRef | null {
  if (!path.startsWith(IMAGE_ROUTE)) return null;
  const parts = path.slice(IMAGE_ROUTE.length).split('/');
  const [kind, a, b] = parts;
  if ((kind === 'sample' || kind === 'thumb') && parts.length === 2 && SHA256.test(a ?? '')) return { kind, sha256: a! };
  if (kind === 'grid' && parts.length === 3 && RUN_ID.test(a ?? '') && STEP.test(b ?? '')) {
    const step = Number(b);
    return Number.isSafeInteger(step) ? { kind, runId: a!, step } : null;
  }
  return null;
}
