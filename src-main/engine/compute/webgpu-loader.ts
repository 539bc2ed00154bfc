import { existsSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolvePackage, requireFile } from './node-require';

/** What the `webgpu` package (Dawn for Node) exports: `create(flags)` gives a `navigator.gpu`-like object. */
export interface DawnModule {
  create(flags: string[]): GPU;
  /** GPUBufferUsage, GPUMapMode, … : tfjs-backend-webgpu reads them from globalThis. */
  globals: Record<string, unknown>;
}

/** Dawn loaded, or why not (a sentence a person can act on). */
export type DawnLoad = { ok: true; dawn: DawnModule; source: string } | { ok: false; reason: string };

let loading: Promise<DawnLoad> | null = null;

/** glibc's RTLD_NODELETE: keeps a library mapped after Node's failed addon registration closes its handle. */
const RTLD_NODELETE = 0x1000;

/**
 * Tries to map `file` into the process so that Dawn's later `dlopen("libvulkan.so.1")` finds it by soname.
 * `process.dlopen` throws "did not self-register" for a plain library (it is not an addon) but the library stays
 * loaded thanks to RTLD_NODELETE. Returns true when the file was mapped.
 */
function preloadLibrary(file: string): boolean {
  const module = { exports: {} };
  try {
    process.dlopen(module, file, constants.dlopen.RTLD_NOW | constants.dlopen.RTLD_GLOBAL | RTLD_NODELETE);
    return true;
  } catch (err) {
    return /did not self-register/.test(err instanceof Error ? err.message : String(err));
  }
}

/** Folders of the ICD libraries named by VK_ICD_FILENAMES (chromium ships its own loader beside SwiftShader). */
export function icdLibraryFolders(env: NodeJS.ProcessEnv = process.env): string[] {
  const list = env.VK_ICD_FILENAMES ?? env.VK_DRIVER_FILES ?? '';
  const folders: string[] = [];
  for (const json of list.split(':').filter(Boolean)) {
    try {
      const lib = (JSON.parse(readFileSync(json, 'utf8')) as { ICD?: { library_path?: string } }).ICD?.library_path;
      if (lib && lib.includes('/')) folders.push(isAbsolute(lib) ? dirname(lib) : dirname(resolve(dirname(json), lib)));
    } catch {
      // an unreadable json is the Vulkan loader's to report
    }
  }
  return folders;
}

/**
 * Linux: Dawn dlopens `libvulkan.so.1` by name. When the system has none (no libvulkan1), map one found in
 * GAN_STUDIO_VULKAN_LOADER, beside an ICD of VK_ICD_FILENAMES, or in the GPU kit's lib folder, so that
 * VK_ICD_FILENAMES alone is enough. Returns the file used, 'system' or null (none found).
 */
export function ensureVulkanLoader(env: NodeJS.ProcessEnv = process.env): string | null {
  if (process.platform !== 'linux') return 'system';
  if (preloadLibrary('libvulkan.so.1')) return 'system';
  const candidates = [
    env.GAN_STUDIO_VULKAN_LOADER,
    ...icdLibraryFolders(env).map((d) => join(d, 'libvulkan.so.1')),
    env.GAN_STUDIO_KIT_LIB ? join(env.GAN_STUDIO_KIT_LIB, 'libvulkan.so.1') : undefined,
  ].filter((f): f is string => !!f && existsSync(f));
  for (const file of candidates) if (preloadLibrary(file)) return file;
  return null;
}

/**
 * Loads Dawn: the addon named by GAN_STUDIO_DAWN_NODE (the GPU kit ships it without the package), else the
 * optional `webgpu` package. Memoised. `resolveMain` finds the package (a seam for the "not installed" message).
 */
export function loadDawn(resolveMain: (id: string) => string | null = resolvePackage): Promise<DawnLoad> {
  if (resolveMain !== resolvePackage) return load(resolveMain);
  loading ??= load(resolveMain);
  return loading;
}

async function load(resolveMain: (id: string) => string | null): Promise<DawnLoad> {
  const addon = process.env.GAN_STUDIO_DAWN_NODE;
  try {
    if (addon) {
      if (!existsSync(addon)) return { ok: false, reason: `GAN_STUDIO_DAWN_NODE names ${addon}, which does not exist` };
      return { ok: true, dawn: requireFile<DawnModule>(addon), source: addon };
    }
    const main = resolveMain('webgpu');
    if (!main) {
      return { ok: false, reason: 'not installed: optional dependency `webgpu` (Dawn for Node) is absent: run `npm install` on a supported platform (linux/darwin/win32, x64 or arm64, glibc ≥ 2.34)' };
    }
    return { ok: true, dawn: (await import(pathToFileURL(main).href)) as DawnModule, source: main };
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    const hint = /GLIBC|GLIBCXX/.test(message ?? '') ? ' (dawn.node needs glibc ≥ 2.34 and GLIBCXX_3.4.30: a newer Linux)' : '';
    return { ok: false, reason: `installed but dawn.node failed to load: ${message}${hint}` };
  }
}
