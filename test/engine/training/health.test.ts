import { describe, expect, it } from 'vitest';
import { classDiversity, HealthMonitor } from '../../../src-main/engine/training/health';

const m = (o: Partial<{ lossD: number; lossG: number; dReal: number; dFake: number }>) =>
  ({ lossD: 1.3, lossG: 0.7, dReal: 0.5, dFake: 0.5, gradNormD: 1, gradNormG: 1, ...o });

const WORDING = { score: 'D(G(z))', advice: 'try a lower D learning rate' };

describe('health monitor', () => {
  it('warns once when D wins for a window of steps, again only after it recovered', () => {
    const h = new HealthMonitor(10, WORDING);
    const seen: string[] = [];
    const first = Array.from({ length: 30 }, (_, i) => h.observe(i + 1, m({ lossD: 0.01, dFake: 0.001 }))).flat();
    seen.push(...first.map((w) => w.code));
    // The model's spec words it: its name for D's score on the fakes and its advice.
    expect(first.find((w) => w.code === 'd_winning')!.message).toMatch(/^the discriminator is winning: D\(G\(z\)\) = 0\.001, .*step 10.*; try a lower D learning rate$/);
    expect(seen.filter((c) => c === 'd_winning')).toHaveLength(1);
    h.observe(31, m({}));
    for (let s = 32; s <= 45; s++) seen.push(...h.observe(s, m({ lossD: 0.01, dFake: 0.001 })).map((w) => w.code));
    expect(seen.filter((c) => c === 'd_winning')).toHaveLength(2);
  });

  it('healthy metrics raise nothing; a swinging G loss is oscillation', () => {
    const h = new HealthMonitor(5, WORDING);
    for (let s = 1; s <= 50; s++) expect(h.observe(s, m({ lossG: 0.7 + 0.01 * Math.sin(s) }))).toEqual([]);
    const o = new HealthMonitor(5, WORDING);
    const codes: string[] = [];
    for (let s = 1; s <= 60; s++) codes.push(...o.observe(s, m({ lossG: Math.floor(s / 5) % 2 ? 3 : 0.2 })).map((w) => w.code));
    expect(codes).toContain('oscillation');
  });

  it('a model that does not report a D score, D loss or G loss is not judged on what it lacks', () => {
    const h = new HealthMonitor(2, WORDING);
    for (let s = 1; s <= 20; s++) expect(h.observe(s, { lossG: s % 2 ? 9 : 0.1, cycleA: 0 })).toEqual([]);
  });

  it('a class whose samples are all alike is reported as collapsed', () => {
    const dim = 4;
    const real = new Float32Array([0, 0, 0, 0, 1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0]);
    const fake = new Float32Array([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 1, 0, 1, 1, 0, 1, 0]);
    const labels = [0, 0, 1, 1];
    const r = classDiversity(real, dim, labels, 2), f = classDiversity(fake, dim, labels, 2);
    const w = new HealthMonitor(1, WORDING).checkDiversity(500, ['cat', 'dog'], f, r);
    expect(w).toHaveLength(1);
    expect(w[0]!.code).toBe('mode_collapse');
    expect(w[0]!.message).toContain("'cat'");
    expect(w[0]!.message).not.toContain("'dog'");
  });
});
