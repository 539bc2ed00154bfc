#!/usr/bin/env node
// Draws GAN Studio's icon and writes resources/icon.svg, icon.png (1024 px), icon.ico and icon.icns.
// The ICO and ICNS containers hold PNG payloads (Windows Vista+ and macOS 10.7+ read them), each size rendered
// from the SVG, not scaled from the big PNG, so small sizes stay sharp. Run: node scripts/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources');

/** A four-point sparkle (the synthetic sample) centred on (cx, cy), radius r. */
function sparkle(cx, cy, r) {
  const k = r * 0.16;
  return `M ${cx} ${cy - r} Q ${cx + k} ${cy - k} ${cx + r} ${cy} Q ${cx + k} ${cy + k} ${cx} ${cy + r} ` +
    `Q ${cx - k} ${cy + k} ${cx - r} ${cy} Q ${cx - k} ${cy - k} ${cx} ${cy - r} Z`;
}

/**
 * A dataset as a 3×3 grid of tiles on an indigo-to-magenta square (macOS's 824 px body on a 1024 canvas); the
 * last tile is a generated sample, drawn as a sparkle. `fullBleed` crops the margin away: Windows icons and
 * favicons fill their square, and at 16 px every pixel counts.
 */
export function iconSvg({ fullBleed = false } = {}) {
  const tile = 150, gap = 36, start = (1024 - (3 * tile + 2 * gap)) / 2;
  const tiles = [];
  const alpha = [[1, 0.82, 0.64], [0.82, 0.64, 0.5], [0.64, 0.5, null]];
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 3; col++) {
      const a = alpha[row][col];
      if (a === null) continue;
      tiles.push(`<rect x="${start + col * (tile + gap)}" y="${start + row * (tile + gap)}" width="${tile}" height="${tile}" rx="34" fill="#ffffff" fill-opacity="${a}"/>`);
    }
  }
  const c = start + 2 * (tile + gap) + tile / 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" viewBox="${fullBleed ? '92 92 840 840' : '0 0 1024 1024'}">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#4338ca"/>
      <stop offset="0.55" stop-color="#7c3aed"/>
      <stop offset="1" stop-color="#db2777"/>
    </linearGradient>
    <radialGradient id="sheen" cx="0.28" cy="0.2" r="0.85">
      <stop offset="0" stop-color="#ffffff" stop-opacity="0.22"/>
      <stop offset="1" stop-color="#ffffff" stop-opacity="0"/>
    </radialGradient>
    <radialGradient id="glow" cx="0.5" cy="0.5" r="0.5">
      <stop offset="0" stop-color="#fde68a" stop-opacity="0.55"/>
      <stop offset="1" stop-color="#fde68a" stop-opacity="0"/>
    </radialGradient>
  </defs>
  <rect x="100" y="100" width="824" height="824" rx="184" fill="url(#bg)"/>
  <rect x="100" y="100" width="824" height="824" rx="184" fill="url(#sheen)"/>
  ${tiles.join('\n  ')}
  <circle cx="${c}" cy="${c}" r="${tile * 0.95}" fill="url(#glow)"/>
  <path d="${sparkle(c, c, tile * 0.62)}" fill="#fef3c7"/>
  <path d="${sparkle(c + tile * 0.42, c - tile * 0.44, tile * 0.2)}" fill="#fef3c7"/>
</svg>
`;
}

/** The icon as a PNG of `size` px, drawn from the SVG at that size. */
export function renderPng(svg, size) {
  return sharp(Buffer.from(svg), { density: Math.max(1, (72 * size) / 1024) }).resize(size, size).png({ compressionLevel: 9 }).toBuffer();
}

/** An ICO file whose images are PNGs (one directory entry each; 256 is written as 0). */
export function icoFile(pngs) {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, e);
    header.writeUInt8(size >= 256 ? 0 : size, e + 1);
    header.writeUInt16LE(1, e + 4); // colour planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(data.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...pngs.map((p) => p.data)]);
}

/** An ICNS file: 'icns', total length, then (type, length, PNG) chunks; lengths are big-endian and include the 8-byte headers. */
export function icnsFile(chunks) {
  const parts = chunks.map(({ type, data }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

/** ICNS PNG types and their pixel sizes (the @2x types hold the same pixels as the next size up). */
export const ICNS_TYPES = [
  ['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024],
  ['ic11', 32], ['ic12', 64], ['ic13', 256], ['ic14', 512],
];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

async function main() {
  mkdirSync(OUT, { recursive: true });
  const svg = iconSvg(), square = iconSvg({ fullBleed: true });
  const sizes = [...new Set([1024, ...ICNS_TYPES.map(([, s]) => s)])];
  const png = Object.fromEntries(await Promise.all(sizes.map(async (s) => [s, await renderPng(svg, s)])));
  const ico = await Promise.all(ICO_SIZES.map(async (size) => ({ size, data: await renderPng(square, size) })));
  writeFileSync(join(OUT, 'icon.svg'), svg);
  writeFileSync(join(OUT, 'icon.png'), png[1024]);
  writeFileSync(join(OUT, 'favicon.png'), await renderPng(square, 64));
  writeFileSync(join(OUT, 'icon.ico'), icoFile(ico));
  writeFileSync(join(OUT, 'icon.icns'), icnsFile(ICNS_TYPES.map(([type, size]) => ({ type, data: png[size] }))));
  console.log(`wrote icon.svg, icon.png, favicon.png, icon.ico, icon.icns in ${OUT}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
