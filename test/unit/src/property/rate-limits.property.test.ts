// Property tests of the rate-limit header parsers: well-formed headers give exactly their quotas;
// anything else never throws and never yields a negative or non-finite delay.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_RETRY_AFTER_MS,
  parseRateLimitsHeader,
  parseRetryAfter,
  type RateLimits,
  updateRateLimits,
} from '../../../../src/transport/rate-limits.js';

const KNOWN = ['default', 'error', 'transaction', 'attachment', 'session', 'span', 'log_item', 'monitor'];
const category = fc.oneof(fc.constantFrom(...KNOWN), fc.stringMatching(/^[a-z]{3,8}$/));
const seconds = fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.double({ min: 0, max: 1e5, noNaN: true }));

interface QuotaSpec {
  seconds: number;
  categories: string[];
}

const quota: fc.Arbitrary<QuotaSpec> = fc.record({
  seconds,
  categories: fc.uniqueArray(category, { maxLength: 4 }),
});

function format(q: QuotaSpec, scope: string, reason: string): string {
  return `${q.seconds}:${q.categories.join(';')}:${scope}:${reason}`;
}

describe('rate-limit header properties', () => {
  test('a well-formed header gives one quota per entry: its delay and its known categories', () => {
    fc.assert(
      fc.property(
        fc.array(quota, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('key', 'organization', 'project', ''),
        fc.constantFrom('', 'quota_exceeded'),
        fc.constantFrom(',', ', ', ' , '),
        (quotas, scope, reason, sep) => {
          const parsed = parseRateLimitsHeader(quotas.map((q) => format(q, scope, reason)).join(sep));
          expect(parsed).toEqual(
            quotas.map((q) => ({
              delayMs: Math.ceil(Number(String(q.seconds)) * 1000),
              categories: q.categories.length === 0 ? ['all'] : q.categories.filter((c) => KNOWN.includes(c)),
            })),
          );
        },
      ),
      { numRuns: 400 },
    );
  });

  test('any header and status: no throw, limits only in the future and finite', () => {
    const header = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc
        .array(
          fc.oneof(
            fc.string({ maxLength: 20 }),
            quota.map((q) => format(q, 'key', '')),
          ),
          { maxLength: 5 },
        )
        .map((p) => p.join(',')),
    );
    fc.assert(
      fc.property(
        fc.option(header, { nil: undefined }),
        fc.option(
          fc.oneof(
            fc.string({ maxLength: 40 }),
            seconds.map(String),
            fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
          ),
          { nil: undefined },
        ),
        fc.constantFrom(200, 413, 429, 500),
        (rateLimits, retryAfter, statusCode) => {
          const limits: RateLimits = new Map();
          const now = 1_700_000_000_000;
          updateRateLimits(limits, { statusCode, rateLimits, retryAfter }, now);
          for (const until of limits.values()) {
            expect(Number.isFinite(until)).toBe(true);
            expect(until).toBeGreaterThanOrEqual(now);
          }
          // A bare 429 always limits something.
          if (statusCode === 429 && rateLimits === undefined) expect(limits.size).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('Retry-After: delta seconds, an HTTP date, or 60 s; never negative', () => {
    const now = 1_700_000_000_000;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86_400 }), (s) => {
        expect(parseRetryAfter(String(s), now)).toBe(s * 1000);
        expect(parseRetryAfter(new Date(now + s * 1000).toUTCString(), now)).toBe(s * 1000);
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (value) => {
        const ms = parseRetryAfter(value, now);
        expect(Number.isFinite(ms) && ms >= 0).toBe(true);
        if (value.trim() === '') expect(ms).toBe(DEFAULT_RETRY_AFTER_MS);
      }),
      { numRuns: 500 },
    );
  });
});
