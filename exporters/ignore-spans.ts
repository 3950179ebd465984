// `ignoreSpans`: spans left out of the transactions they belong to. A left-out span's children
// move up to its parent, so the tree stays connected; a left-out root drops the transaction.
import type { Event, SpanJSON } from '../src/protocol/types.js';
import type { IgnoreSpanPattern } from '../src/types.js';
import { safe } from '../src/utils/safe.js';

function matches(value: string | undefined, pattern: string | RegExp): boolean {
  if (value === undefined) return false;
  return typeof pattern === 'string'
    ? value.includes(pattern)
    : safe('ignoreSpans', () => pattern.test(value), false);
}

/** Whether a span with this name (description) and op is ignored. */
export function isIgnoredSpan(
  name: string | undefined,
  op: string | undefined,
  patterns: IgnoreSpanPattern[],
): boolean {
  for (const p of patterns) {
    if (typeof p === 'string' || p instanceof RegExp) {
      if (matches(name, p)) return true;
      continue;
    }
    if (p.name === undefined && p.op === undefined) continue;
    if ((p.name === undefined || matches(name, p.name)) && (p.op === undefined || matches(op, p.op)))
      return true;
  }
  return false;
}

export interface IgnoreResult {
  /** The transaction, or undefined when its root was ignored. */
  event: Event | undefined;
  /** Spans left out (the root counts as one). */
  dropped: number;
}

export function applyIgnoreSpans(event: Event, patterns: IgnoreSpanPattern[]): IgnoreResult {
  if (patterns.length === 0) return { event, dropped: 0 };
  const trace = event.contexts?.trace;
  if (isIgnoredSpan(event.transaction, trace?.op, patterns)) {
    return { event: undefined, dropped: (event.spans?.length ?? 0) + 1 };
  }
  const spans = event.spans ?? [];
  const ignored = new Map<string, string | undefined>(); // span id → its parent id
  for (const s of spans)
    if (isIgnoredSpan(s.description, s.op, patterns)) ignored.set(s.span_id, s.parent_span_id);
  if (ignored.size === 0) return { event, dropped: 0 };
  const kept: SpanJSON[] = [];
  for (const s of spans) {
    if (ignored.has(s.span_id)) continue;
    let parent = s.parent_span_id;
    for (let hops = 0; parent !== undefined && ignored.has(parent) && hops < spans.length; hops++) {
      parent = ignored.get(parent);
    }
    kept.push(parent === s.parent_span_id ? s : { ...s, ...(parent ? { parent_span_id: parent } : {}) });
  }
  return { event: { ...event, spans: kept }, dropped: ignored.size };
}
