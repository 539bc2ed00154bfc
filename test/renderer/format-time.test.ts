import { describe, expect, it } from 'vitest';
import { formatTime } from '../../src-renderer/src/utils/format';

describe('formatTime', () => {
  const now = new Date(2026, 11, 7, 21, 0, 0);

  it('today: the time alone, with seconds', () => {
    const t = new Date(2026, 11, 7, 9, 5, 7);
    expect(formatTime(t.toISOString(), now)).toBe(t.toLocaleTimeString());
  });

  it('another day: the day, then hours and minutes; another year: the year as well', () => {
    const yesterday = formatTime(new Date(2026, 11, 6, 9, 5, 7).toISOString(), now);
    expect(yesterday).toMatch(/6/);
    expect(yesterday).toMatch(/05/);
    expect(yesterday).not.toMatch(/07|2026/);
    expect(formatTime(new Date(2025, 0, 2, 9, 5).toISOString(), now)).toMatch(/2025/);
  });

  it('null and unparseable values', () => {
    expect(formatTime(null, now)).toBe('—');
    expect(formatTime('not a date', now)).toBe('not a date');
  });
});
