// The last privacy pass, after beforeSend and normalization: one walk over everything a user,
// an integration or a processor can fill (extra, contexts, tags, user, breadcrumbs, request,
// exception values, messages, spans), applying the shared key rules (src/utils/scrub-rules.ts).
// Copy-on-write: an event with nothing to filter comes back as the same object, unallocated.
import type { Event } from '../protocol/types.js';
import { FILTERED, type ScrubRules, scrubQueryString, scrubText } from '../utils/scrub-rules.js';
import { isSdkBuilt } from './sdk-built.js';

/** Top-level fields the SDK builds from code, not data: package names are not secrets. */
const SKIP_TOP = new Set(['modules', 'sdk', 'debug_meta', 'event_id', 'timestamp', 'start_timestamp']);
/** Source lines and file paths: costly to walk, and code rather than data. */
const SKIP_ANYWHERE = 'stacktrace';
/** Normalized data is at most normalizeDepth deep; this only guards against a runaway field. */
const MAX_DEPTH = 32;

export function scrubEvent(event: Event, rules: ScrubRules): Event {
  let out: Record<string, unknown> | undefined;
  const source = event as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    if (SKIP_TOP.has(key)) continue;
    const value = source[key];
    let next: unknown;
    if (key === 'contexts') next = scrubNames(value, rules);
    else if (key === 'request') next = scrubRequest(value, rules);
    else next = scrubValue(value, rules, 0);
    if (next !== value) {
      out ??= { ...source };
      out[key] = next;
    }
  }
  return (out as Event | undefined) ?? event;
}

/** `contexts`: a context's name is not a data key (a context named `auth` keeps its `user` field). */
function scrubNames(value: unknown, rules: ScrubRules): unknown {
  if (!isRecord(value)) return scrubValue(value, rules, 0);
  let out: Record<string, unknown> | undefined;
  for (const name of Object.keys(value)) {
    const inner = value[name];
    if (isSdkBuilt(inner)) continue; // host facts the SDK built: no user data to filter
    const next = scrubValue(inner, rules, 1);
    if (next !== inner) {
      out ??= { ...value };
      out[name] = next;
    }
  }
  return out ?? value;
}

/** `request`: its query string is parsed as one (key rules per pair), the rest walked as data. */
function scrubRequest(value: unknown, rules: ScrubRules): unknown {
  if (!isRecord(value)) return scrubValue(value, rules, 0);
  const rest = scrubValue(value, rules, 0) as Record<string, unknown>;
  const query = rest.query_string;
  if (typeof query !== 'string') return rest;
  const scrubbed = scrubQueryString(query, rules);
  return scrubbed === query ? rest : { ...rest, query_string: scrubbed };
}

function scrubValue(value: unknown, rules: ScrubRules, depth: number): unknown {
  if (typeof value === 'string') return scrubText(value, rules);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const next = scrubValue(item, rules, depth + 1);
      if (next !== item) {
        out ??= value.slice();
        out[i] = next;
      }
    }
    return out ?? value;
  }
  const record = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  // for…in allocates no key array; normalized data is plain, the hasOwn check keeps it honest.
  for (const key in record) {
    if (key === SKIP_ANYWHERE || !Object.hasOwn(record, key)) continue;
    const item = record[key];
    let next: unknown;
    if (item !== undefined && item !== null && item !== FILTERED && rules.isSecretKey(key)) next = FILTERED;
    else next = scrubValue(item, rules, depth + 1);
    if (next !== item) {
      out ??= { ...record };
      out[key] = next;
    }
  }
  return out ?? value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
