import { existsSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
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
 * The platform's `dawn.node` inside the `webgpu` package (as its index.js picks it: one folder per platform-arch,
 * macOS universal). In a packaged Electron app the package sits in app.asar, whose native files are unpacked
 * beside it: the addon is taken from app.asar.unpacked when that copy exists.
 */
export function dawnAddonPath(packageMain: string, platform: string = process.platform, arch: string = process.arch): string {
  const folder = `${platform}-${platform === 'darwin' ? 'universal' : arch}`;
  const file = join(dirname(packageMain), 'dist', folder, 'dawn.node');
  const unpacked = file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  return unpacked !== file && existsSync(unpacked) ? unpacked : file;
}

/**
 * Loads Dawn's N-API addon: the file named by GAN_STUDIO_DAWN_NODE (the GPU kit ships it without the package),
 * else the platform's build inside the optional `webgpu` package. The addon is required directly, not through the
 * package's ESM index, so that plain Node, Electron's utilityProcess (the desktop app's training process, which
 * has no navigator.gpu either) and the kit's bundle load it the same way. Memoised. `resolveMain` finds the
 * package (a seam for the "not installed" message).
 */
export function loadDawn(resolveMain: (id: string) => string | null = resolvePackage): Promise<DawnLoad> {
  if (resolveMain !== resolvePackage) return Promise.resolve(load(resolveMain));
  loading ??= Promise.resolve(load(resolveMain));
  return loading;
}

function load(resolveMain: (id: string) => string | null): DawnLoad {
  let addon = process.env.GAN_STUDIO_DAWN_NODE;
  if (addon && !existsSync(addon)) return { ok: false, reason: `GAN_STUDIO_DAWN_NODE names ${addon}, which does not exist` };
  if (!addon) {
    const main = resolveMain('webgpu');
    if (!main) {
      return { ok: false, reason: 'not installed: optional dependency `webgpu` (Dawn for Node) is absent: run `npm install` on a supported platform (linux/darwin/win32, x64 or arm64, glibc ≥ 2.34)' };
    }
    addon = dawnAddonPath(main);
    if (!existsSync(addon)) return { ok: false, reason: `the webgpu package has no build for ${process.platform}-${process.arch} (${addon} is missing)` };
  }
  try {
    return { ok: true, dawn: requireFile<DawnModule>(addon), source: addon };
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    const hint = /GLIBC|GLIBCXX/.test(message) ? ' (dawn.node needs glibc ≥ 2.34 and GLIBCXX_3.4.30: a newer Linux)' : '';
    return { ok: false, reason: `installed but dawn.node failed to load: ${message}${hint}` };
  }
}
