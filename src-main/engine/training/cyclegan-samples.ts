import { mkdir } from 'node:fs/promises';
import { writeFileAtomic } from '../home/atomic-write';
import { dirname } from 'node:path';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs';
import { CYCLEGAN_PANEL_COLUMNS } from '../../shared/domain/cyclegan-panel';
import { runGenerator } from '../models/cyclegan-networks';
import type { CycleganState } from './cyclegan-state';
import { domainBatch, type DomainImages } from './cyclegan-data';
import { encodeGrid, sampleGridPath } from './sample-grid';

/**
 * The panel's images [rows · 6, R, R, C] in [-1, 1]: per row, a fixed training image of A → G_A2B → G_B2A, then one
 * of B → G_B2A → G_A2B (the first `rows` images of each domain's training split, unjittered: the same every time).
 */
export function panelImages(state: CycleganState, a: DomainImages, b: DomainImages, rows: number): Float32Array {
  const idx = Array.from({ length: rows }, (_, i) => i);
  const out = tf.tidy(() => {
    const realA = domainBatch(a, idx), realB = domainBatch(b, idx); // [n, R, R, C]
    const fakeB = runGenerator(state.arch, state.nets.gA2B, realA);
    const recA = runGenerator(state.arch, state.nets.gB2A, fakeB);
    const fakeA = runGenerator(state.arch, state.nets.gB2A, realB);
    const recB = runGenerator(state.arch, state.nets.gA2B, fakeA);
    return tf.stack([realA, fakeB, recA, realB, fakeA, recB], 1); // [n, 6, R, R, C]
  });
  const pixels = out.dataSync() as Float32Array;
  out.dispose();
  return pixels;
}

/** Writes the panel PNG of the state's current step (the cGAN's sample-grid file name); returns its path. */
export async function writeCycleganPanel(runDir: string, state: CycleganState, a: DomainImages, b: DomainImages): Promise<string> {
  const rows = Math.min(state.cfg.samplesPerPanel, a.count, b.count);
  const R = state.cfg.resolution, C = state.cfg.channels;
  const grid = encodeGrid(panelImages(state, a, b, rows), rows, CYCLEGAN_PANEL_COLUMNS.length, R, C);
  const file = sampleGridPath(runDir, state.step);
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, await sharp(grid.data, { raw: { width: grid.width, height: grid.height, channels: C } }).png().toBuffer());
  return file;
}
