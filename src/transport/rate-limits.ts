// Sentry rate limits: learned from every response, enforced on envelope items before sending.
// Order of precedence per response: `X-Sentry-Rate-Limits` (any status), else `Retry-After` on a
// 429, else 60 s for everything on a bare 429. Client reports (`internal`) are never limited.
import { itemTypeToCategory } from '../protocol/categories.js';
import type { DataCategory, EnvelopeItem } from '../protocol/types.js';

export const DEFAULT_RETRY_AFTER_MS = 60_000;

const ALL = 'all';

// Relay's data categories. A limit naming only categories outside this list is ignored, so a
// category added server-side later never silences everything we send.
const KNOWN_CATEGORIES = new Set([
  'default',
  'error',
  'transaction',
  'monitor',
  'span',
  'log_item',
  'security',
  'attachment',
  'session',
  'profile',
  'profile_chunk',
  'replay',
  'feedback',
  'trace_metric',
  'metric_bucket',
]);

/** Expiry in ms since the epoch, per category; `all` covers every category but `internal`. */
export type RateLimits = Map<string, number>;

export interface RateLimitSignals {
  statusCode: number;
  /** `X-Sentry-Rate-Limits`, if the response had one. */
  rateLimits?: string | undefined;
  /** `Retry-After`, if the response had one. */
  retryAfter?: string | undefined;
}

/** Records the limits a response announces. Returns true when it announced any. */
export function updateRateLimits(limits: RateLimits, res: RateLimitSignals, now = Date.now()): boolean {
  const quotas = res.rateLimits === undefined ? undefined : parseRateLimitsHeader(res.rateLimits);
  if (quotas) {
    for (const { categories, delayMs } of quotas) {
      for (const category of categories) extend(limits, category, now + delayMs);
    }
    return quotas.length > 0;
  }
  if (res.statusCode !== 429) return false;
  extend(limits, ALL, now + parseRetryAfter(res.retryAfter, now));
  return true;
}

/** Whether items of `category` must not be sent at `now`. */
export function isRateLimited(limits: RateLimits, category: DataCategory, now = Date.now()): boolean {
  if (category === 'internal' || limits.size === 0) return false;
  return Math.max(limits.get(category) ?? 0, limits.get(ALL) ?? 0) > now;
}

interface Quota {
  categories: string[];
  delayMs: number;
}

/**
 * Parses `retry_after:categories:scope:reason_code:namespaces[:…], …`. Entries whose retry_after
 * is not a non-negative number are skipped; returns undefined when no entry is well-formed, so
 * a garbled header on a 429 still falls back to `Retry-After`. An entry naming only unknown
 * categories yields a quota with no categories (valid, but limits nothing).
 */
export function parseRateLimitsHeader(header: string): Quota[] | undefined {
  const quotas: Quota[] = [];
  for (const entry of header.split(',')) {
    const [retryAfter = '', categoryField = '', , , namespaces = ''] = entry.trim().split(':');
    const seconds = retryAfter.trim() === '' ? Number.NaN : Number(retryAfter);
    if (!Number.isFinite(seconds) || seconds < 0) continue;
    const named = categoryField
      .split(';')
      .map((c) => c.trim())
      .filter(Boolean);
    const categories =
      named.length === 0 ? [ALL] : named.filter((c) => KNOWN_CATEGORIES.has(c) && appliesToUs(c, namespaces));
    quotas.push({ categories, delayMs: Math.ceil(seconds * 1000) });
  }
  return quotas.length > 0 ? quotas : undefined;
}

// A metric_bucket limit only concerns the `custom` namespace (or all when none is named).
function appliesToUs(category: string, namespaces: string): boolean {
  if (category !== 'metric_bucket' || namespaces.trim() === '') return true;
  return namespaces.split(';').some((n) => n.trim() === 'custom');
}

/** `Retry-After` as delta-seconds or an HTTP date, in ms; 60 s when absent or unparsable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number {
  if (value === undefined || value.trim() === '') return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, date - now);
}

// Overlapping limits: the longest wins, a later shorter one never shortens it.
function extend(limits: RateLimits, category: string, until: number): void {
  if (until > (limits.get(category) ?? 0)) limits.set(category, until);
}

/** What dropping an item loses, for client reports. */
export interface ItemCost {
  category: DataCategory;
  /** 1, the payload size in bytes for attachments (Relay counts attachments in bytes), or a container's `item_count` (logs, metrics). */
  quantity: number;
  /** A transaction also loses its spans: `spans.length + 1` (client reports spec). */
  spans?: number;
}

/** The cost of each item of an envelope, in item order. */
export function itemCosts(items: readonly EnvelopeItem[]): ItemCost[] {
  return items.map(([headers, payload]) => {
    const category = itemTypeToCategory(headers.type);
    if (category === 'attachment') return { category, quantity: byteLength(payload) };
    // A `log` item holds many logs: each is counted.
    if (category === 'log_item') return { category, quantity: Math.max(1, headers.item_count ?? 1) };
    if (category === 'transaction') {
      const spans = (payload as { spans?: unknown } | null)?.spans;
      return { category, quantity: 1, spans: (Array.isArray(spans) ? spans.length : 0) + 1 };
    }
    // A container item (trace metrics) holds `item_count` items, each counted by Relay.
    const count: unknown = headers.item_count;
    if (typeof count === 'number' && Number.isInteger(count) && count > 0)
      return { category, quantity: count };
    return { category, quantity: 1 };
  });
}

function byteLength(payload: unknown): number {
  if (typeof payload === 'string') return Buffer.byteLength(payload);
  if (payload instanceof Uint8Array) return payload.byteLength;
  return 1;
}

/** Indexes of the items that may be sent now. */
export function sendableItems(limits: RateLimits, costs: readonly ItemCost[], now = Date.now()): number[] {
  const keep: number[] = [];
  costs.forEach((cost, i) => {
    if (!isRateLimited(limits, cost.category, now)) keep.push(i);
  });
  return keep;
}
