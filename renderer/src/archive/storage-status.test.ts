import { describe, expect, it } from 'vitest';
import { describeStorageFailure, formatBytes } from './storage-status';

describe('storage status', () => {
  it('says plainly when the device is out of space, and passes other reasons through', () => {
    expect(describeStorageFailure('QuotaExceededError: The quota has been exceeded.')).toMatch(
      /no room left/,
    );
    expect(describeStorageFailure('the link closed')).toBe('the link closed');
  });

  it('formats sizes for people', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1_500_000)).toBe('1.5 MB');
    expect(formatBytes(2_000_000_000_000)).toBe('2.0 TB');
  });
});
