import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * A CommonJS `require` for optional and wasm packages. Bases tried in order: this module's URL (tsx from source,
 * or an ESM bundle where the packages stay external), then the working directory (a bundle run from the repo).
 */
function requireFrom(): NodeJS.Require[] {
  const bases: NodeJS.Require[] = [];
  try {
    bases.push(createRequire(import.meta.url));
  } catch {
    // import.meta.url is unusable in some CJS bundles: fall through to the cwd.
  }
  bases.push(createRequire(join(process.cwd(), 'package.json')));
  return bases;
}

/** Packages compiled into a single-file bundle (the GPU kit): id → [stand-in file, exports]. */
const bundled = new Map<string, { file: string; exports: unknown }>();

/**
 * A bundle that compiles an optional package in (the GPU kit has no node_modules) registers it here: then
 * `resolvePackage(id)` returns `file` (a path whose folder holds the package's assets, e.g. the .wasm files) and
 * `requireFile(file)` the bundled exports.
 */
export function registerBundledPackage(id: string, exports: unknown, file: string): void {
  bundled.set(id, { file, exports });
}

/** Resolved file of `id`, or null when no base can find it (the package is not installed). */
export function resolvePackage(id: string): string | null {
  const inBundle = bundled.get(id);
  if (inBundle) return inBundle.file;
  for (const req of requireFrom()) {
    try {
      return req.resolve(id);
    } catch {
      // try the next base
    }
  }
  return null;
}

/** Loads a resolved CommonJS file (same module cache as every other `require`). */
export function requireFile<T>(file: string): T {
  for (const b of bundled.values()) if (b.file === file) return b.exports as T;
  return createRequire(file)(file) as T;
}
