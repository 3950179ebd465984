// The last step before an event is serialized: user-supplied data is normalized (bounded depth,
// breadth and string length, no cycles or exotic values). Fitting under Sentry's 1 MiB limit is
// done on the serialized text (serialize.ts), so the event is stringified once.
import type { ResolvedOptions } from '../core-options.js';
import type { Event } from '../protocol/types.js';
import { breadcrumbsOf } from './fields.js';
import { normalize } from './normalize.js';
import { isSdkBuilt } from './sdk-built.js';

type NormalizeOptions = Pick<ResolvedOptions, 'normalizeDepth' | 'normalizeMaxBreadth' | 'maxValueLength'>;

export function finalizeEvent(event: Event, options: NormalizeOptions): Event {
  const depth = options.normalizeDepth;
  const breadth = options.normalizeMaxBreadth;
  const n = (value: unknown, d = depth) => normalize(value, d, breadth, options.maxValueLength);
  // Every field a user or integration can fill is normalized; fields the SDK built are already safe.
  // sdkProcessingMetadata is SDK-internal: it goes into the envelope header, not the event. Left
  // out by a rest copy, which only has existing keys replaced below (see copyRecord in utils/is.ts).
  const { sdkProcessingMetadata: _internal, ...out } = event;
  // As @sentry/node: `extra` and `user` count their depth from themselves (normalizeDepth 3 keeps
  // extra.a.b.c, not what c holds).
  if (out.extra) out.extra = n(out.extra) as Event['extra'];
  if (out.user) out.user = n(out.user) as Event['user'];
  if (out.contexts) out.contexts = normalizeContexts(out.contexts, (v) => n(v, depth + 1));
  if (out.tags) out.tags = n(out.tags, 1) as Event['tags'];
  if (out.request) out.request = n(out.request, depth + 1) as Event['request'];
  if (out.breadcrumbs) {
    // An array on the wire, as @sentry/node sends it, whichever form a processor left.
    out.breadcrumbs = breadcrumbsOf(out).map((b) =>
      b.data ? { ...b, data: n(b.data, depth) as typeof b.data } : b,
    );
  }
  if (out.logentry?.params)
    out.logentry = Object.assign({}, out.logentry, { params: n(out.logentry.params) as unknown[] });
  if (out.fingerprint) out.fingerprint = out.fingerprint.map((f) => String(n(f)));
  // serializeEvent fits the result under the size limit (and normalizes any other top-level field
  // that cannot be serialized, a BigInt or a cycle a processor put there).
  return out;
}

/** Normalizes the contexts users and integrations set; the SDK's own host contexts are not walked. */
function normalizeContexts(contexts: Event['contexts'], n: (value: unknown) => unknown): Event['contexts'] {
  const own: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  let hasOwn = false;
  try {
    for (const key of Object.keys(contexts as object)) {
      const value = (contexts as Record<string, unknown>)[key];
      if (isSdkBuilt(value)) {
        own[key] = value;
        hasOwn = true;
      } else rest[key] = value;
    }
  } catch {
    return n(contexts) as Event['contexts']; // a Proxy or a throwing getter: the full walk copes
  }
  if (!hasOwn) return n(contexts) as Event['contexts'];
  // Onto the normalized copy (ours to change), not `{ ...a, ...b }`: see finalizeEvent.
  const normalized = n(rest);
  return (isObjectLike(normalized) ? Object.assign(normalized, own) : own) as Event['contexts'];
}

function isObjectLike(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
