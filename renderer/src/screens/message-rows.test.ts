import { describe, expect, it } from 'vitest';
import { dayLabel, daySeparators, timeLabel } from './message-rows';

const at = (iso: string) => new Date(iso).getTime();

describe('message rows', () => {
  it('labels today and yesterday by name', () => {
    const now = at('2026-11-25T15:00:00');
    expect(dayLabel(at('2026-11-25T08:00:00'), now)).toBe('Today');
    expect(dayLabel(at('2026-11-24T23:59:00'), now)).toBe('Yesterday');
    expect(dayLabel(at('2026-11-20T12:00:00'), now)).toMatch(/2026/);
  });

  it('puts a separator above the first message of each day only', () => {
    const now = at('2026-11-25T15:00:00');
    const labels = daySeparators(
      [
        at('2026-11-24T10:00:00'),
        at('2026-11-24T11:00:00'),
        at('2026-11-25T09:00:00'),
        at('2026-11-25T09:01:00'),
      ],
      now,
    );
    expect(labels).toEqual(['Yesterday', undefined, 'Today', undefined]);
  });

  it('labels a time past what a Date holds (stored by an older version) instead of throwing', () => {
    const end = 2 ** 53 - 1;
    expect(() => [timeLabel(end), dayLabel(end, Date.now()), daySeparators([end], Date.now())]).not.toThrow();
  });
});
