// Captures deferred by a tick: the span processor gives a framework's error handler the first word
// on an error recorded on a span (its mechanism, its route, its decision to skip a 4xx). Anything
// else that wants the state of things now runs the pending drains first: `flush` (so a flush right
// after a span ends still sees its events) and `captureException` (so an error captured after the
// span that recorded it ended is still one event, linked to that span). Process-wide (globalThis),
// so the ESM and CJS builds of this package share one list.
import { safe } from './utils/safe.js';

const KEY = Symbol.for('otel-sentry.deferred-captures.v1');

function drains(): Set<() => void> {
  const g = globalThis as { [KEY]?: Set<() => void> };
  g[KEY] ??= new Set();
  return g[KEY];
}

/** Registers `drain`, which captures what is pending; it removes itself when it runs. */
export function addPendingDrain(drain: () => void): void {
  drains().add(drain);
}

export function removePendingDrain(drain: () => void): void {
  drains().delete(drain);
}

/** Captures everything pending now, each drain guarded. */
export function drainPendingCaptures(): void {
  const all = drains();
  if (all.size === 0) return;
  for (const drain of [...all]) safe('deferred capture', drain, undefined);
}
