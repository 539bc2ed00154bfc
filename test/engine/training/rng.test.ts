import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src-main/engine/training/rng';
import { RngStreams } from '../../../src-main/engine/training/rng-streams';

describe('Rng', () => {
  it('is seeded, and its saved state replays the same stream', () => {
    const a = new Rng(7, 1), b = new Rng(7, 1), c = new Rng(8, 1);
    expect(Array.from(a.normals(5))).toEqual(Array.from(b.normals(5)));
    expect(a.uniform()).not.toBe(c.uniform());
    a.normal(); // leaves a spare normal in the state
    const s = a.getState();
    const next = [a.normal(), a.normal(), a.uniform()];
    const d = new Rng(0, 0);
    d.setState(s);
    expect([d.normal(), d.normal(), d.uniform()]).toEqual(next);
    const p = a.permutation(50);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('RngStreams', () => {
  it('one stream per number, seeded from the run seed; a snapshot restores every stream drawn from', () => {
    const a = new RngStreams(7);
    expect(Array.from(a.get(3).normals(4))).toEqual(Array.from(new Rng(7, 3).normals(4)));
    expect(a.get(3)).toBe(a.get(3));
    a.get(2).uniform();
    const snap = JSON.parse(JSON.stringify(a.snapshot())) as ReturnType<RngStreams['snapshot']>; // as a checkpoint stores it
    expect(Object.keys(snap).sort()).toEqual(['2', '3']);
    const next = [a.get(2).uniform(), a.get(3).normal()];
    const b = new RngStreams(7);
    b.restore(snap);
    expect([b.get(2).uniform(), b.get(3).normal()]).toEqual(next);
  });
});
