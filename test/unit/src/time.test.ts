// isoNow: the same text as `new Date().toISOString()`, whatever the milliseconds and across seconds.
import { afterEach, expect, it, vi } from 'vitest';
import { isoNow } from '../../../src/utils/time.js';

afterEach(() => {
  vi.restoreAllMocks();
});

it('formats the current time as toISOString does', () => {
  const base = Date.UTC(2026, 11, 3, 23, 59, 59);
  for (const ms of [base, base + 7, base + 42, base + 999, base + 1000, base + 1005, 0, 253402300799999]) {
    vi.spyOn(Date, 'now').mockReturnValue(ms);
    expect(isoNow()).toBe(new Date(ms).toISOString());
  }
});
