// The CLI's start-up bundle. Through tsx, every start of `gan-studio` paid ~170 ms for tsx's loader thread and
// ~250 ms more for resolving and compiling some 350 modules one by one (issue 15). esbuild (shipped with tsx, so
// present after any `npm install`) bundles the CLI into a few ESM files under out/cli/, built on first use and
// rebuilt when any source it was built from has changed: a developer's edit is always what runs.
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bump when the shape of the manifest or of the bundle changes. */
const FORMAT = 2;
/** The bundle's entries: the CLI, its pipe guard, and the training process the job host forks (fork-node-worker.ts). */
const ENTRIES = { main: 'src-main/cli/main.ts', 'pipe-guard': 'src-main/cli/pipe-guard.ts', 'job-worker': 'src-main/engine/jobs/job-worker.ts' };
/** A build older than this whose lock was left behind (a killed process) no longer holds others back. */
const LOCK_STALE_MS = 60_000;
/** Builds other than the current one are removed once this old: a long-running `serve` may still load their chunks. */
const OLD_BUILD_MS = 24 * 3600_000;

const cacheDir = (root) => join(root, 'out', 'cli');

/** [mtime, ctime, size]: ctime changes with every write, even one that restores the old mtime (`cp -p`, tar). */
function stamp(file) {
  const s = statSync(file, { throwIfNoEntry: false });
  return s ? [s.mtimeMs, s.ctimeMs, s.size] : null;
}

/** Files written this close to a build may change again within the clock's grain (2 s on FAT): those keep a hash too. */
const RECENT_MS = 3000;
const hashOf = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * The fresh bundle's folder, or null when there is none: no manifest, another format, or any input file changed,
 * added to or gone (a file of its own that the build reads, package.json and this file included).
 */
export function freshBundle(root) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(cacheDir(root), 'manifest.json'), 'utf8'));
  } catch {
    return null;
  }
  if (manifest.format !== FORMAT || manifest.root !== root) return null;
  for (const [file, mtime, ctime, size, hash] of manifest.inputs) {
    const now = stamp(file);
    if (!now || now[0] !== mtime || now[1] !== ctime || now[2] !== size) return null;
    if (hash && hashOf(file) !== hash) return null;
  }
  return join(cacheDir(root), manifest.build);
}

/** A stamp taken before a build, with the hash of a recent file: an edit made while esbuild reads still counts as new. */
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
 * switches the locale, so the bundle keeps English only: ~40 ms less to compile at every start.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: 'export { default as en } from "./en.js";', loader: 'js' }));
  },
};

/** Writes `files` into a new build folder named by their hash; a concurrent build of the same sources wins harmlessly. */
function writeBuild(dir, files) {
  const hash = createHash('sha256');
  for (const f of files) hash.update(f.path).update(f.contents);
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

/** Removes builds other than `keep` once old, and what a killed build left behind. */
function pruneBuilds(dir, keep) {
  for (const name of readdirSync(dir)) {
    if (name === keep || name === 'manifest.json' || name === 'build.lock') continue;
    const s = statSync(join(dir, name), { throwIfNoEntry: false });
    const maxAge = name.startsWith('b-') ? OLD_BUILD_MS : LOCK_STALE_MS;
    if (s && Date.now() - s.mtimeMs > maxAge) rmSync(join(dir, name), { recursive: true, force: true });
  }
}

/**
 * Builds the bundle and records what it was built from. Returns its folder, or null when another process is
 * building it right now (that start runs through tsx instead of waiting).
 * @throws when esbuild refuses the sources (a syntax error): the caller runs through tsx, which names the error.
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
    const before = stampTree(join(root, 'src-main'), since);
    const self = fileURLToPath(import.meta.url);
    for (const f of [join(root, 'package.json'), self]) before.set(f, stampBefore(f, since));
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      absWorkingDir: root, entryPoints: ENTRIES, outdir: join(dir, 'staging'), write: false, metafile: true,
      bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20',
      external: externals(root), plugins: [zodEnglishOnly], logLevel: 'silent',
      // Whitespace and syntax only: names stay, so a stack trace (GAN_STUDIO_DEBUG=1) still reads.
      minifyWhitespace: true, minifySyntax: true,
      // Bundled CommonJS (none today) may call require.
      banner: { js: "import { createRequire as __gsRequire } from 'node:module'; const require = __gsRequire(import.meta.url);" },
    });
    const inputs = new Set([...Object.keys(result.metafile.inputs).map((f) => resolve(root, f)), join(root, 'package.json'), self]);
    const build = writeBuild(dir, result.outputFiles);
    const manifest = { format: FORMAT, root, build, inputs: [...inputs].map((f) => [f, ...(before.get(f) ?? stamp(f) ?? [-1, -1, -1])]) };
    const tmp = join(dir, `manifest.${process.pid}.json`);
    writeFileSync(tmp, JSON.stringify(manifest));
    renameSync(tmp, join(dir, 'manifest.json'));
    pruneBuilds(dir, build);
    return join(dir, build);
  } finally {
    closeSync(fd);
    rmSync(lock, { force: true });
  }
}

/** The project root of this checkout or install: the folder above bin/. */
export const projectRootOf = (binUrl) => dirname(dirname(fileURLToPath(binUrl)));
