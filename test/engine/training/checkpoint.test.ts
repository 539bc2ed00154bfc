import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../../../src-main/engine/compute/resolve-backend';
import type { LoopMeta } from '../../../src-main/engine/models/model';
import { CHECKSUMS_FILE } from '../../../src-main/engine/training/checkpoint-integrity';
import { checkpointDir, checkpointsDir, listCheckpoints, readCheckpoint, readCheckpointWeights, writeCheckpoint } from '../../../src-main/engine/training/checkpoint';
import { useTempDirs } from '../../helpers/temp-dir';

beforeAll(async () => {
  await resolveBackend();
});

const meta = (step: number): LoopMeta => ({
  step, orders: { train: { rng: { s: [1, 2, 3, 4], spare: null }, epoch: 0, cursor: 4, order: [3, 1, 0, 2] } },
  rng: { 2: { s: [5, 6, 7, 8], spare: 0.5 } }, model: { adamStepG: step },
} as unknown as LoopMeta);

describe('checkpoints (every model\'s layout)', () => {
  const tempDir = useTempDirs();

  it('writes weights, state and a format-2 meta; reads them back by name; keeps the state of the newest two only', async () => {
    const runDir = tempDir();
    const w = tf.tensor2d([[1, 2], [3, 4]]), s = tf.tensor1d([5, 6, 7]);
    for (const step of [1, 2, 3]) await writeCheckpoint(runDir, step, { weights: { 'g/k': w }, state: { 'd/b': s }, meta: meta(step) });
    expect(w.isDisposed || s.isDisposed).toBe(false); // it disposes nothing it was given
    expect(readdirSync(checkpointsDir(runDir)).sort()).toEqual(['step-0000001', 'step-0000002', 'step-0000003']); // no temporary folders left
    expect(await listCheckpoints(runDir)).toEqual([{ step: 1, full: false }, { step: 2, full: true }, { step: 3, full: true }]);
    expect(existsSync(join(checkpointDir(runDir, 1), 'state.bin'))).toBe(false);
    expect(JSON.parse(readFileSync(join(checkpointDir(runDir, 3), 'state-meta.json'), 'utf8'))).toEqual({ format: 2, ...meta(3) });
    const back = await readCheckpoint(runDir, 3);
    expect(back.meta).toMatchObject(meta(3));
    expect(back.weights.get('g/k')).toEqual({ shape: [2, 2], values: Float32Array.from([1, 2, 3, 4]) });
    expect(back.state.get('d/b')).toEqual({ shape: [3], values: Float32Array.from([5, 6, 7]) });
    // inference reads the weights of any kept step, full or not
    expect((await readCheckpointWeights(runDir, 1)).get('g/k')!.values).toEqual(Float32Array.from([1, 2, 3, 4]));
    tf.dispose([w, s]);
  });

  it('a meta without format is read through the model\'s upgrade, or refused when the model has none', async () => {
    const runDir = tempDir();
    await writeCheckpoint(runDir, 4, { weights: {}, state: {}, meta: meta(4) });
    const file = join(checkpointDir(runDir, 4), 'state-meta.json');
    // An older layout predates checksums too: no manifest, so the files are read as they are.
    rmSync(join(checkpointDir(runDir, 4), CHECKSUMS_FILE));
    writeFileSync(file, JSON.stringify({ step: 4, legacy: true }));
    const seen: Record<string, unknown>[] = [];
    const upgraded = await readCheckpoint(runDir, 4, (old) => { seen.push(old); return meta(40); });
    expect(seen).toEqual([{ step: 4, legacy: true }]);
    expect(upgraded.meta.step).toBe(40);
    await expect(readCheckpoint(runDir, 4)).rejects.toThrow(/state-meta\.json has an unknown format/);
    writeFileSync(file, '{not json');
    await expect(readCheckpoint(runDir, 4)).rejects.toThrow(/state-meta\.json (cannot be read|is corrupt)/);
  });

  it('a truncated tensor file is an error that says what to do', async () => {
    const runDir = tempDir();
    const w = tf.ones([100]);
    await writeCheckpoint(runDir, 1, { weights: { 'g/w': w }, state: {}, meta: meta(1) });
    const bin = join(checkpointDir(runDir, 1), 'weights.bin');
    writeFileSync(bin, readFileSync(bin).subarray(0, 40));
    // With its manifest the checksum names the file first; without one (older checkpoints) the reader does.
    await expect(readCheckpointWeights(runDir, 1)).rejects.toThrow(/weights\.bin is corrupt/);
    rmSync(join(checkpointDir(runDir, 1), CHECKSUMS_FILE));
    await expect(readCheckpointWeights(runDir, 1)).rejects.toThrow(/weights\.bin is truncated: delete this checkpoint/);
    w.dispose();
  });
});
