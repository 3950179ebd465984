// Fits an event under Relay's per-event size limit by dropping the least useful data first.
// Each step works on copies, so the caller's event is never changed, and re-measures once:
// a 10 MB event costs a handful of JSON.stringify calls, not one per dropped item.
import type { Event, ExceptionValue, StackFrame } from '../protocol/types.js';
import { safe } from '../utils/safe.js';
import { breadcrumbsOf, messageOf } from './fields.js';
import { jsonSize, normalize, truncateString } from './normalize.js';

const FRAME_CAPS = [50, 20, 10, 5, 1];
const STRING_CAPS = [8192, 1024, 256];
const KEPT_CONTEXTS = new Set(['trace', 'runtime', 'os']);
/**
 * Shrinks `event` by replacing fields with smaller copies; `over` is how many bytes are still too many.
 * Returns whether it changed anything, so a step with nothing to do costs no re-measure.
 */
type Step = (event: Event, over: number) => boolean;

/** Returns `event`, or a smaller copy whose UTF-8 JSON is at most `maxBytes`. Never throws. */
export function fitEventToSize(event: Event, maxBytes = 1_000_000): Event {
  return (
    safe<Event | undefined>('fitEventToSize', () => shrink(event, maxBytes), undefined) ??
    safe('fitEventToSize fallback', () => skeleton(event, maxBytes), {})
  );
}

function shrink(event: Event, maxBytes: number): Event {
  let size = jsonSize(event);
  if (size <= maxBytes) return event;
  const out: Event = size === Number.POSITIVE_INFINITY ? serializable(event) : { ...event };
  size = jsonSize(out);
  for (const step of STEPS) {
    if (size <= maxBytes) return out;
    if (step(out, size - maxBytes)) size = jsonSize(out);
  }
  return size <= maxBytes ? out : skeleton(out, maxBytes);
}

const STEPS: Step[] = [
  // Oldest breadcrumbs go first: the newest ones explain the error.
  (event, over) => {
    const values = breadcrumbsOf(event);
    if (values.length === 0) return false;
    const keep = values.slice(countToDrop(values, over));
    if (keep.length > 0) event.breadcrumbs = keep;
    else delete event.breadcrumbs;
    return true;
  },
  // Then the largest extras.
  (event, over) => {
    if (!event.extra) return false;
    const entries = Object.entries(event.extra).map(([key, value]) => ({ key, size: jsonSize(value) }));
    entries.sort((a, b) => b.size - a.size);
    const extra = { ...event.extra };
    let removed = 0;
    for (const entry of entries) {
      if (removed >= over) break;
      delete extra[entry.key];
      removed += entry.size + entry.key.length + 4;
    }
    if (Object.keys(extra).length > 0) event.extra = extra;
    else delete event.extra;
    return true;
  },
  (event, over) => {
    if (!event.request || event.request.data === undefined) return false;
    const request = { ...event.request };
    const data = request.data;
    // Every character is at least one byte, so cutting `over` characters frees at least `over` bytes.
    if (typeof data === 'string' && data.length - over > 16)
      request.data = truncateString(data, data.length - over - 3);
    else delete request.data;
    event.request = request;
    return true;
  },
  (event) =>
    mapFrames(event, (frames) =>
      frames.some((f) => f.vars) ? frames.map(({ vars: _vars, ...frame }) => frame) : frames,
    ),
  (event) =>
    mapFrames(event, (frames) =>
      frames.some((f) => f.pre_context || f.post_context || f.context_line)
        ? frames.map(({ pre_context: _pre, post_context: _post, context_line: _line, ...frame }) => frame)
        : frames,
    ),
  // Frames nearest the throw (the end of the list) matter most.
  ...FRAME_CAPS.map(
    (cap): Step =>
      (event) =>
        mapFrames(event, (frames) => (frames.length > cap ? frames.slice(-cap) : frames)),
  ),
  ...STRING_CAPS.map(
    (cap): Step =>
      (event) =>
        truncateMessages(event, cap),
  ),
  (event) => {
    const contexts = event.contexts;
    if (!contexts || Object.keys(contexts).every((key) => KEPT_CONTEXTS.has(key))) return false;
    event.contexts = Object.fromEntries(Object.entries(contexts).filter(([key]) => KEPT_CONTEXTS.has(key)));
    return true;
  },
  // Transactions: the latest spans go first.
  (event, over) => {
    if (!Array.isArray(event.spans) || event.spans.length === 0) return false;
    const reversed = [...event.spans].reverse();
    event.spans = reversed.slice(countToDrop(reversed, over)).reverse();
    return true;
  },
  // Whatever else a processor or beforeSend may have grown.
  (event) => {
    const keys = (['modules', 'request', 'user', 'tags', 'breadcrumbs', 'extra'] as const).filter(
      (k) => k in event,
    );
    for (const key of keys) delete event[key];
    return keys.length > 0;
  },
];

/** How many leading items must go to free `over` bytes (counting the comma of each). */
function countToDrop(items: unknown[], over: number): number {
  let removed = 0;
  let count = 0;
  while (count < items.length && removed < over) removed += jsonSize(items[count++]) + 1;
  return count;
}

/** Applies `fn` to every stack trace; `fn` returns its argument when it has nothing to change. */
function mapFrames(event: Event, fn: (frames: StackFrame[]) => StackFrame[]): boolean {
  const values = event.exception?.values;
  if (!Array.isArray(values)) return false;
  let changed = false;
  const mapped = values.map((value): ExceptionValue => {
    const frames = value.stacktrace?.frames;
    if (!Array.isArray(frames) || frames.length === 0) return value;
    const next = fn(frames);
    if (next === frames) return value;
    changed = true;
    return { ...value, stacktrace: { ...value.stacktrace, frames: next } };
  });
  if (changed) event.exception = { values: mapped };
  return changed;
}

function truncateMessages(event: Event, cap: number): boolean {
  let changed = false;
  const values = event.exception?.values;
  if (Array.isArray(values) && values.some((v) => typeof v.value === 'string' && v.value.length > cap)) {
    changed = true;
    event.exception = {
      values: values.map((v) =>
        typeof v.value === 'string' ? { ...v, value: truncateString(v.value, cap) } : v,
      ),
    };
  }
  if (typeof event.message === 'string' && event.message.length > cap) {
    changed = true;
    event.message = truncateString(event.message, cap);
  }
  const log = event.logentry;
  if (
    log &&
    (log.params !== undefined || (log.formatted?.length ?? 0) > cap || (log.message?.length ?? 0) > cap)
  ) {
    changed = true;
    const { params: _params, ...logentry } = log;
    if (typeof logentry.formatted === 'string') logentry.formatted = truncateString(logentry.formatted, cap);
    if (typeof logentry.message === 'string') logentry.message = truncateString(logentry.message, cap);
    event.logentry = logentry;
  }
  return changed;
}

/** Replaces top-level fields that JSON.stringify rejects (cycles, BigInt) with normalized copies. */
function serializable(event: Event): Event {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    out[key] = jsonSize(value) === Number.POSITIVE_INFINITY ? normalize(value, 20) : value;
  }
  return out as Event;
}

/** Last resort: only what identifies the event and its top exception or message, strings cut short. */
function skeleton(event: Event, maxBytes: number): Event {
  const short = (value: unknown, cap = 256): string | undefined =>
    typeof value === 'string' ? truncateString(value, cap) : undefined;
  const out: Event = {};
  for (const key of [
    'event_id',
    'platform',
    'level',
    'release',
    'environment',
    'transaction',
    'type',
  ] as const) {
    const value = short(event[key], 200);
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  if (typeof event.timestamp === 'number') out.timestamp = event.timestamp;
  if (typeof event.start_timestamp === 'number') out.start_timestamp = event.start_timestamp;
  const top = event.exception?.values?.at(-1);
  if (top) {
    const value: ExceptionValue = { type: short(top.type) ?? 'Error', value: short(top.value) ?? '' };
    const mechanism = top.mechanism;
    if (mechanism) {
      value.mechanism = { type: short(mechanism.type) ?? 'generic', handled: mechanism.handled !== false };
      // Synthetic exceptions are grouped by stack, not type: keep the flag.
      if (mechanism.synthetic === true) value.mechanism.synthetic = true;
    }
    out.exception = { values: [value] };
  }
  const message = short(messageOf(event));
  if (message !== undefined) out.message = message;
  const trace = event.contexts?.trace;
  if (trace) {
    out.contexts = {
      trace: { trace_id: short(trace.trace_id, 64) ?? '', span_id: short(trace.span_id, 64) ?? '' },
    };
  }
  if (jsonSize(out) <= maxBytes) return out;
  // maxBytes is absurdly small: keep whatever identifying scalars still fit.
  const tiny: Event = {};
  for (const key of ['event_id', 'timestamp', 'platform', 'level'] as const) {
    const candidate = { ...tiny, [key]: out[key] };
    if (out[key] !== undefined && jsonSize(candidate) <= maxBytes) Object.assign(tiny, candidate);
  }
  return tiny;
}
