import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mainWindowOptions, windowIconPath } from '../../src-main/app/window';

const ROOT = join(import.meta.dirname, '..', '..');

/** scripts/make-icons.mjs's exports, typed here: it is plain .mjs, run by `npm run icons` without a build. */
interface MakeIcons {
  ICNS_TYPES: [string, number][];
  ICO_SIZES: number[];
  iconSvg(o?: { fullBleed?: boolean }): string;
  renderPng(svg: string, size: number): Promise<Buffer>;
  icoFile(pngs: { size: number; data: Buffer }[]): Buffer;
  icnsFile(chunks: { type: string; data: Buffer }[]): Buffer;
}
let icons: MakeIcons;
beforeAll(async () => {
  icons = (await import(/* @vite-ignore */ join(ROOT, 'scripts', 'make-icons.mjs'))) as MakeIcons;
});
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  build: Record<string, unknown> & { files: string[]; asar: boolean; asarUnpack: string[]; directories: { buildResources: string } };
};
const build = pkg.build;
type Platform = { target: string[]; icon: string; files: string[] };

/** Width and height from a PNG's IHDR, after checking the signature. */
function pngSize(b: Buffer): { width: number; height: number } {
  expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(b.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** The images of an ICO file: each directory entry's size and its PNG payload. */
function readIco(b: Buffer): { size: number; png: Buffer }[] {
  expect([b.readUInt16LE(0), b.readUInt16LE(2)]).toEqual([0, 1]);
  return Array.from({ length: b.readUInt16LE(4) }, (_, i) => {
    const e = 6 + 16 * i;
    const [len, offset] = [b.readUInt32LE(e + 8), b.readUInt32LE(e + 12)];
    expect(offset + len).toBeLessThanOrEqual(b.length);
    return { size: b.readUInt8(e) || 256, png: b.subarray(offset, offset + len) };
  });
}

/** The chunks of an ICNS file, checking that the lengths add up. */
function readIcns(b: Buffer): { type: string; data: Buffer }[] {
  expect(b.subarray(0, 4).toString('latin1')).toBe('icns');
  expect(b.readUInt32BE(4)).toBe(b.length);
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < b.length;) {
    const len = b.readUInt32BE(at + 4);
    expect(len).toBeGreaterThan(8);
    chunks.push({ type: b.subarray(at, at + 4).toString('latin1'), data: b.subarray(at + 8, at + len) });
    at += len;
  }
  return chunks;
}

describe('app icon', () => {
  it('resources/ holds a 1024 px PNG, an ICO with 16–256 px PNGs and an ICNS with 16–1024 px PNGs', () => {
    expect(pngSize(readFileSync(join(ROOT, 'resources', 'icon.png')))).toEqual({ width: 1024, height: 1024 });
    const ico = readIco(readFileSync(join(ROOT, 'resources', 'icon.ico')));
    expect(ico.map((i) => i.size)).toEqual(icons.ICO_SIZES);
    for (const i of ico) expect(pngSize(i.png)).toEqual({ width: i.size, height: i.size });
    const icns = readIcns(readFileSync(join(ROOT, 'resources', 'icon.icns')));
    expect(icns.map((c) => c.type)).toEqual(icons.ICNS_TYPES.map(([t]) => t));
    for (const [i, c] of icns.entries()) expect(pngSize(c.data).width).toBe(icons.ICNS_TYPES[i]![1]);
    expect(pngSize(readFileSync(join(ROOT, 'resources', 'favicon.png')))).toEqual({ width: 64, height: 64 });
  });

  it("the ICO and ICNS writers round-trip what they are given", async () => {
    const png16 = await icons.renderPng(icons.iconSvg({ fullBleed: true }), 16), png32 = await icons.renderPng(icons.iconSvg(), 32);
    expect(readIco(icons.icoFile([{ size: 16, data: png16 }, { size: 256, data: png32 }]))).toEqual([{ size: 16, png: png16 }, { size: 256, png: png32 }]);
    expect(readIcns(icons.icnsFile([{ type: 'icp4', data: png16 }, { type: 'icp5', data: png32 }]))).toEqual([{ type: 'icp4', data: png16 }, { type: 'icp5', data: png32 }]);
    expect(pngSize(png16)).toEqual({ width: 16, height: 16 });
  });

  it('the window uses resources/icon.png, found from the preload path in the source tree and the packaged app', () => {
    expect(mainWindowOptions('/app/out/preload/index.cjs').icon).toBe('/app/resources/icon.png');
    expect(existsSync(windowIconPath(join(ROOT, 'out', 'preload', 'index.cjs')))).toBe(true);
  });

  it('the web UI links the favicon from resources/', () => {
    const html = readFileSync(join(ROOT, 'src-renderer', 'index.html'), 'utf8');
    const href = /<link rel="icon" type="image\/png" href="([^"]+)"/.exec(html)?.[1];
    expect(href).toBe('../resources/favicon.png');
    expect(existsSync(join(ROOT, 'src-renderer', href!))).toBe(true);
  });
});

describe('electron-builder config (package.json "build")', () => {
  const platforms = { linux: build.linux, mac: build.mac, win: build.win } as Record<string, Platform>;

  it('builds AppImage and deb, dmg, and an NSIS installer, each with its own icon file', () => {
    expect(platforms.linux!.target).toEqual(['AppImage', 'deb']);
    expect(platforms.mac!.target).toEqual(['dmg']);
    expect(platforms.win!.target).toEqual(['nsis']);
    expect(platforms.linux!.icon).toBe('resources/icon.png');
    expect(platforms.mac!.icon).toBe('resources/icon.icns');
    expect(platforms.win!.icon).toBe('resources/icon.ico');
    for (const p of Object.values(platforms)) expect(existsSync(join(ROOT, p.icon)), p.icon).toBe(true);
    expect(build.directories.buildResources).toBe('resources');
    expect((build.nsis as { installerIcon: string }).installerIcon).toBe('resources/icon.ico');
  });

  it('packs the built app and the window icon in an asar, native code unpacked, no TypeScript runner', () => {
    expect(build.asar).toBe(true);
    expect(build.files).toEqual(expect.arrayContaining(['out/**/*', 'resources/icon.png', 'package.json', '!node_modules/tsx/**', '!node_modules/@esbuild/**']));
    expect(build.files.some((f) => f.startsWith('src-') || f.startsWith('test'))).toBe(false);
    expect(build.asarUnpack).toEqual(expect.arrayContaining(['**/*.node', 'node_modules/@img/**', 'node_modules/@tensorflow/tfjs-backend-wasm/dist/**']));
    expect(build.npmRebuild).toBe(true); // better-sqlite3 for Electron's ABI
  });

  it("each platform leaves out the other platforms' sharp binaries, and only those", () => {
    const own = { linux: 'linux', mac: 'darwin', win: 'win32' } as const;
    for (const [name, p] of Object.entries(platforms)) {
      const others = ['linux', 'darwin', 'win32'].filter((o) => o !== own[name as keyof typeof own]);
      expect(p.files.sort(), name).toEqual(others.map((o) => `!node_modules/@img/*-${o}*/**`).sort());
    }
  });

  it('npm run dist builds the UI, then runs a pinned electron-builder', () => {
    expect(pkg.scripts.dist).toMatch(/^electron-vite build && npx --yes electron-builder@\d+\.\d+\.\d+ /);
  });
});
