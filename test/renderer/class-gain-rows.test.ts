import { describe, expect, it } from 'vitest';
import { classGainRows } from '../../src-renderer/src/utils/class-gain-rows';

const cls = (name: string, realOnly: number, at1: number, at5: number) =>
  ({ name, count: 1000, realOnly, syntheticOnly: 0.5, realPlusSynthetic: [{ ratio: 1, acc: at1 }, { ratio: 5, acc: at5 }] });

describe('per-class gain rows', () => {
  const perClass = [cls('Shirt', 0.5, 0.52, 0.4996), cls('Bag', 0.9, 0.85, 0.95), cls('Coat', 0.7, 0.7, 0.68)];

  it('takes the gain at the chosen ratio and sorts the most hurt class first', () => {
    expect(classGainRows({ perClass }, 5).map((r) => [r.name, +(100 * r.delta).toFixed(2)])).toEqual([['Coat', -2], ['Shirt', -0.04], ['Bag', 5]]);
    expect(classGainRows({ perClass }, 1).map((r) => r.name)).toEqual(['Bag', 'Coat', 'Shirt']);
    // a ratio the evaluation lacks reads as no change
    expect(classGainRows({ perClass }, 10).every((r) => r.delta === 0 && r.up)).toBe(true);
  });

  it('colours a gain by the number it prints: −0.04 points reads +0.0 and is not a loss', () => {
    const rows = classGainRows({ perClass }, 5);
    expect(rows.map((r) => [r.name, r.up])).toEqual([['Coat', false], ['Shirt', true], ['Bag', true]]);
  });

  it("the augmented copies' per-class gain, coloured the same way, only when the reference arm was evaluated", () => {
    expect(classGainRows({ perClass }, 5).every((r) => r.copies === null && !r.copiesUp)).toBe(true);
    const baseline = { perClass: [0.4996, 0.91, 0.69] } as Parameters<typeof classGainRows>[0]['baseline'];
    const rows = classGainRows({ perClass, baseline }, 5);
    expect(rows.map((r) => [r.name, r.copiesUp])).toEqual([['Coat', false], ['Shirt', true], ['Bag', true]]);
    expect(rows.find((r) => r.name === 'Bag')!.copies).toBeCloseTo(0.01, 12);
  });
});
