import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_AFTER_MS,
  isRateLimited,
  itemCosts,
  parseRateLimitsHeader,
  parseRetryAfter,
  type RateLimits,
  sendableItems,
  updateRateLimits,
} from '../../../../src/transport/rate-limits.js';

const NOW = 1_700_000_000_000;

function limitsFrom(res: { statusCode: number; rateLimits?: string; retryAfter?: string }): RateLimits {
  const limits: RateLimits = new Map();
  updateRateLimits(limits, res, NOW);
  return limits;
}

describe('rate limits', () => {
  it('applies X-Sentry-Rate-Limits per category, on any status', () => {
    const limits = limitsFrom({
      statusCode: 200,
      rateLimits: '60:transaction:key, 2700:default;error;security:organization',
    });
    expect(isRateLimited(limits, 'transaction', NOW + 59_000)).toBe(true);
    expect(isRateLimited(limits, 'transaction', NOW + 61_000)).toBe(false);
    expect(isRateLimited(limits, 'error', NOW + 2_699_000)).toBe(true);
    expect(isRateLimited(limits, 'session', NOW)).toBe(false);
  });

  it('treats empty categories as all, except internal', () => {
    const limits = limitsFrom({ statusCode: 200, rateLimits: '60::organization' });
    expect(isRateLimited(limits, 'error', NOW + 1000)).toBe(true);
    expect(isRateLimited(limits, 'session', NOW + 1000)).toBe(true);
    expect(isRateLimited(limits, 'internal', NOW + 1000)).toBe(false);
  });

  it('keeps the longest limit when entries overlap, and ignores spaces and extra fields', () => {
    const limits = limitsFrom({
      statusCode: 429,
      rateLimits: ' 100 : error : key ,10:error:org:reason:ns:extra',
    });
    expect(isRateLimited(limits, 'error', NOW + 99_000)).toBe(true);
    updateRateLimits(limits, { statusCode: 200, rateLimits: '5:error' }, NOW);
    expect(isRateLimited(limits, 'error', NOW + 99_000)).toBe(true);
  });

  it('ignores unknown categories and a limit naming only unknown ones', () => {
    const limits = limitsFrom({ statusCode: 429, rateLimits: '60:foobar;error, 60:unknown_thing' });
    expect(isRateLimited(limits, 'error', NOW + 1000)).toBe(true);
    expect(isRateLimited(limits, 'transaction', NOW + 1000)).toBe(false);
    expect(limitsFrom({ statusCode: 200, rateLimits: '60:unknown_thing' }).size).toBe(0);
    // Never limits client reports, even when named.
    expect(isRateLimited(limitsFrom({ statusCode: 200, rateLimits: '60:internal' }), 'internal', NOW)).toBe(
      false,
    );
  });

  it('applies metric_bucket limits only to the custom namespace', () => {
    expect(parseRateLimitsHeader('60:metric_bucket:org:r:spans')?.[0]?.categories).toEqual([]);
    expect(parseRateLimitsHeader('60:metric_bucket:org:r:custom')?.[0]?.categories).toEqual([
      'metric_bucket',
    ]);
    expect(parseRateLimitsHeader('60:metric_bucket:org:r:')?.[0]?.categories).toEqual(['metric_bucket']);
  });

  it('falls back to Retry-After (seconds or HTTP date), then 60 s, on a 429', () => {
    expect(isRateLimited(limitsFrom({ statusCode: 429, retryAfter: '30' }), 'error', NOW + 29_000)).toBe(
      true,
    );
    expect(isRateLimited(limitsFrom({ statusCode: 429, retryAfter: '30' }), 'error', NOW + 31_000)).toBe(
      false,
    );
    const date = new Date(NOW + 120_000).toUTCString();
    expect(isRateLimited(limitsFrom({ statusCode: 429, retryAfter: date }), 'error', NOW + 119_000)).toBe(
      true,
    );
    const bare = limitsFrom({ statusCode: 429 });
    expect(isRateLimited(bare, 'error', NOW + DEFAULT_RETRY_AFTER_MS - 1)).toBe(true);
    expect(isRateLimited(bare, 'error', NOW + DEFAULT_RETRY_AFTER_MS + 1)).toBe(false);
    expect(parseRetryAfter('garbage', NOW)).toBe(DEFAULT_RETRY_AFTER_MS);
  });

  it('prefers X-Sentry-Rate-Limits over Retry-After on a 429', () => {
    const limits = limitsFrom({ statusCode: 429, rateLimits: '10:transaction', retryAfter: '500' });
    expect(isRateLimited(limits, 'error', NOW + 1000)).toBe(false);
    expect(isRateLimited(limits, 'transaction', NOW + 1000)).toBe(true);
  });

  it('does not let a malformed header stop anything, but a 429 still backs off', () => {
    expect(limitsFrom({ statusCode: 200, rateLimits: 'soon:error, -5:transaction, ,:::' }).size).toBe(0);
    expect(parseRateLimitsHeader('garbage')).toBeUndefined();
    const on429 = limitsFrom({ statusCode: 429, rateLimits: 'garbage', retryAfter: '7' });
    expect(isRateLimited(on429, 'error', NOW + 6_000)).toBe(true);
    expect(isRateLimited(on429, 'error', NOW + 8_000)).toBe(false);
  });

  it('ignores responses without signals', () => {
    expect(limitsFrom({ statusCode: 200 }).size).toBe(0);
    expect(limitsFrom({ statusCode: 500, retryAfter: '60' }).size).toBe(0);
  });
});

describe('item costs', () => {
  it('counts items per category, attachments in bytes, transactions with their spans', () => {
    const costs = itemCosts([
      [{ type: 'event' }, { event_id: 'a' }],
      [{ type: 'attachment', filename: 'a.txt' }, Buffer.from('12345')],
      [{ type: 'transaction' }, { spans: [{}, {}] }],
      [{ type: 'client_report' }, { discarded_events: [] }],
    ]);
    expect(costs).toEqual([
      { category: 'error', quantity: 1 },
      { category: 'attachment', quantity: 5 },
      { category: 'transaction', quantity: 1, spans: 3 },
      { category: 'internal', quantity: 1 },
    ]);
  });

  it('selects the items that may be sent', () => {
    const limits: RateLimits = new Map([['error', NOW + 1000]]);
    const costs = itemCosts([
      [{ type: 'event' }, {}],
      [{ type: 'client_report' }, {}],
      [{ type: 'session' }, {}],
    ]);
    expect(sendableItems(limits, costs, NOW)).toEqual([1, 2]);
  });
});
