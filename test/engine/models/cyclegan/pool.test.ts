import { describe, expect, it } from 'vitest';
import { ImagePool } from '../../../../src-main/engine/models/cyclegan/pool';
import { Rng } from '../../../../src-main/engine/training/rng';

describe('CycleGAN history pool', () => {
  it('the history pool fills, then answers with stored images half the time, and survives flat()/restore()', () => {
    const pool = new ImagePool(2, 1), rng = new Rng(3, 6);
    expect(Array.from(pool.query(Float32Array.from([1, 2]), rng))).toEqual([1, 2]);
    const seen = new Set<number>();
    for (let i = 3; i < 40; i++) seen.add(pool.query(Float32Array.from([i]), rng)[0]!);
    expect([...seen].some((v) => v < 3)).toBe(true); // an old image came back
    const copy = new ImagePool(2, 1);
    copy.restore(pool.flat());
    expect(copy.images).toEqual(pool.images);
    expect(Array.from(new ImagePool(0, 1).query(Float32Array.from([7]), rng))).toEqual([7]);
  });

  it('refuses to restore a partial image or more images than it holds', () => {
    expect(() => new ImagePool(2, 4).restore(new Float32Array(6))).toThrow(/6 values are not whole images of 4/);
    expect(() => new ImagePool(1, 2).restore(new Float32Array(4))).toThrow(/2 stored images exceed its capacity 1/);
  });
});
