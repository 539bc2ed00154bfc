// Builds the CLI's start-up bundle (see bin/cli-bundle.mjs) with esbuild, which tsx depends on: it is there after
// any `npm install`, and the build needs no network.
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, FORMAT, hashOf, stamp } from './cli-bundle.mjs';

/** The bundle's entries: the CLI, its pipe guard, and the training process the job host forks (fork-node-worker.ts). */
const ENTRIES = { main: 'src-main/cli/main.ts', 'pipe-guard': 'src-main/cli/pipe-guard.ts', 'job-worker': 'src-main/engine/jobs/job-worker.ts' };
/** A lock older than this was left by a killed build and no longer holds others back. */
const LOCK_STALE_MS = 60_000;
/** A build is removed this long after a newer one replaced it: a `serve` started from it may still load its chunks. */
const OLD_BUILD_MS = 24 * 3600_000;
/** Files written this close to a build may change again within the clock's grain (2 s on FAT): they keep a hash. */
const RECENT_MS = 3000;

/** `file`'s stamp taken before the build, with a hash if recent: an edit made while esbuild reads still counts. */
function stampBefore(file, since) {
  const s = stamp(file);
  return s && s[0] > since - RECENT_MS ? [...s, hashOf(file)] : s;
}

/** `stampBefore` of every file under `dir`. */
function stampTree(dir, since, into = new Map()) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) stampTree(p, since, into);
    else if (e.isFile()) into.set(p, stampBefore(p, since));
  }
  return into;
}

/** Packages stay outside the bundle (native code, wasm files, tfjs's one global engine), except zod, pure JS. */
function externals(root) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const names = [pkg.dependencies, pkg.optionalDependencies, pkg.devDependencies].flatMap((d) => Object.keys(d ?? {}));
  return [...names.filter((n) => n !== 'zod'), '@tensorflow/*', 'electron'];
}

/**
 * zod's `z.locales` re-exports its ~50 translations of the error messages (half of zod's code). Nothing here
 * switches the locale, so the bundle keeps English only: less to compile at every start.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: 'export { default as en } from "./en.js";', loader: 'js' }));
  },
};

/** Writes `files` into a build folder named by their hash; a concurrent build of the same sources is harmless. */
function writeBuild(dir, files) {
  const hash = createHash('sha256');
  for (const f of files) hash.update(basename(f.path)).update(f.contents);
  const build = `b-${hash.digest('hex').slice(0, 16)}`;
  const tmp = join(dir, `.tmp-${process.pid}-${Date.now()}`);
  mkdirSync(tmp);
  for (const f of files) writeFileSync(join(tmp, basename(f.path)), f.contents);
  try {
    renameSync(tmp, join(dir, build));
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // the same build is already there
  }
  return build;
}

/** Dates the build the manifest named until now as replaced now (its folder's mtime), for `pruneBuilds`. */
function markReplaced(dir, build) {
  try {
    const old = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).build;
    if (old !== build) utimesSync(join(dir, old), new Date(), new Date());
  } catch {
    // no manifest or no such build: nothing was replaced
  }
}

/** Removes builds replaced a day ago or more, and what a killed build left behind. */
function pruneBuilds(dir, keep) {
  for (const name of readdirSync(dir)) {
    if (name === keep || name === 'manifest.json' || name === 'build.lock') continue;
    const s = statSync(join(dir, name), { throwIfNoEntry: false });
    const maxAge = name.startsWith('b-') ? OLD_BUILD_MS : LOCK_STALE_MS;
    if (s && Date.now() - s.mtimeMs > maxAge) rmSync(join(dir, name), { recursive: true, force: true });
  }
}

/** Bundles the entries; returns the output files and every input file's absolute path. */
async function bundle(root) {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: root, entryPoints: ENTRIES, outdir: join(cacheDir(root), 'staging'), write: false, metafile: true,
    bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20',
    external: externals(root), plugins: [zodEnglishOnly], logLevel: 'silent',
    // Whitespace and syntax only: names stay, so a stack trace (GAN_STUDIO_DEBUG=1) still reads.
    minifyWhitespace: true, minifySyntax: true,
    // Bundled CommonJS (none today) may call require.
    banner: { js: "import { createRequire as __gsRequire } from 'node:module'; const require = __gsRequire(import.meta.url);" },
  });
  return { files: result.outputFiles, inputs: Object.keys(result.metafile.inputs).map((f) => resolve(root, f)) };
}

/**
 * Builds the bundle and records what it was built from. Returns its folder, or null when another process is
 * building it right now (that start runs through tsx instead of waiting).
 * @throws when esbuild refuses the sources (a syntax error) or out/cli/ cannot be written: the caller runs tsx.
 */
export async function buildBundle(root) {
  const dir = cacheDir(root);
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, 'build.lock');
  const held = stamp(lock);
  if (held && Date.now() - held[0] < LOCK_STALE_MS) return null;
  rmSync(lock, { force: true });
  let fd;
  try {
    fd = openSync(lock, 'wx');
  } catch {
    return null;
  }
  try {
    const since = Date.now();
    const own = [join(root, 'package.json'), fileURLToPath(import.meta.url), fileURLToPath(new URL('./cli-bundle.mjs', import.meta.url))];
    const before = stampTree(join(root, 'src-main'), since);
    for (const f of own) before.set(f, stampBefore(f, since));
    const { files, inputs } = await bundle(root);
    const build = writeBuild(dir, files);
    const stamps = [...new Set([...inputs, ...own])].map((f) => [f, ...(before.get(f) ?? stamp(f) ?? [-1, -1, -1])]);
    markReplaced(dir, build);
    const tmp = join(dir, `manifest.${process.pid}.json`);
    writeFileSync(tmp, JSON.stringify({ format: FORMAT, root, build, inputs: stamps }));
    renameSync(tmp, join(dir, 'manifest.json'));
    pruneBuilds(dir, build);
    return join(dir, build);
  } finally {
    closeSync(fd);
    rmSync(lock, { force: true });
  }
}
