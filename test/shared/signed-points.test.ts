import { describe, expect, it } from 'vitest';
import { plusMinusPoints, roundedPoints, signedPoints } from '../../src-main/shared/signed-points';

describe('points as printed', () => {
  it('rounds to one decimal before the sign is chosen, so a tiny loss is +0.0, never −0.0', () => {
    expect(signedPoints(0.024)).toBe('+2.4');
    expect(signedPoints(-0.0004)).toBe('+0.0');
    expect(signedPoints(-0.0006)).toBe('−0.1');
    expect(roundedPoints(-0.0004)).toBe(0);
    expect(roundedPoints(0.0166667)).toBe(1.7);
  });

  it('spreads and half widths read ±x.x points', () => {
    expect(plusMinusPoints(0.0196)).toBe('±2.0');
    expect(plusMinusPoints(0)).toBe('±0.0');
  });
});
