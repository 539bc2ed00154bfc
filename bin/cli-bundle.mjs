// The CLI's start-up bundle: is there a fresh one to run? Through tsx, every start of `gan-studio` paid ~170 ms for
// tsx's loader thread and ~250 ms more for resolving and compiling some 260 modules one by one (issue 15).
// bin/cli-bundle-build.mjs bundles the CLI with esbuild into a few ESM files under out/cli/, on first use and again
// when any file it was built from has changed, so that a developer's edit is always what runs. This half runs at
// every start: it only reads the manifest and stats the inputs (a few ms), and loads nothing else.
import { createRequire } from 'node:module';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bump when the shape of the manifest or of the bundle changes. */
export const FORMAT = 3;

/** Where the builds and their manifest live: inside the checkout, so that the bundle resolves its packages there. */
export const cacheDir = (root) => join(root, 'out', 'cli');

/** The project root of this checkout or install: the folder above bin/. */
export const projectRootOf = (binUrl) => dirname(dirname(fileURLToPath(binUrl)));

/**
 * [mtime, ctime, size], or null for a file that is gone. ctime changes with every write, even one that puts the old
 * mtime back (`cp -p`, tar).
 */
export function stamp(file) {
  const s = statSync(file, { throwIfNoEntry: false });
  return s ? [s.mtimeMs, s.ctimeMs, s.size] : null;
}

/** sha256 of a file; node:crypto is loaded only when a hash is needed (`--help` need not pay for it). */
export function hashOf(file) {
  const { createHash } = createRequire(import.meta.url)('node:crypto');
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * The fresh bundle's folder, or null when there is none: no manifest, another format or checkout, or any input
 * changed or gone (every source and package file the build read, package.json and the build script included).
 * Inputs written just before their build also carry a hash, which must match too (bin/cli-bundle-build.mjs).
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
  const dir = join(cacheDir(root), manifest.build);
  return stamp(join(dir, 'main.js')) ? dir : null; // a build folder someone removed is built again
}
