// Wraps a server's 'request' listeners so each runs in its request's context. Wrapping listeners
// (rather than `server.emit`) puts us inside OTel's emit wrapper: the context it makes for the
// request, with the server span, is the one we extend with the request's scopes.
import type { EventEmitter } from 'node:events';
import { type Context, context } from '@opentelemetry/api';
import { safe } from '../../src/utils/safe.js';

type Listener = (...args: unknown[]) => unknown;
type ContextFor = (request: unknown) => Context | undefined;

const WRAPPED = Symbol.for('otel-sentry.request-listener');

interface Wrapped extends Listener {
  [WRAPPED]?: true;
  /** EventEmitter reports and removes a wrapped listener by its `.listener`. */
  listener?: Listener;
}

/**
 * Wraps the server's unwrapped 'request' listeners, keeping their order. Cheap when nothing
 * changed since the last request (one `rawListeners` copy), which is the common case.
 */
export function wrapRequestListeners(server: EventEmitter, contextFor: ContextFor): void {
  const raw = server.rawListeners('request') as Wrapped[];
  if (raw.every((l) => l[WRAPPED])) return;
  server.removeAllListeners('request');
  for (const listener of raw) {
    server.on('request', listener[WRAPPED] ? listener : wrap(server, listener, contextFor));
  }
}

function wrap(server: EventEmitter, raw: Wrapped, contextFor: ContextFor): Wrapped {
  // A once() listener comes wrapped by Node; keep its once semantics around the original.
  const isOnce = typeof raw.listener === 'function';
  const listener: Listener = raw.listener ?? raw;
  const wrapped: Wrapped = function (this: unknown, ...args: unknown[]) {
    if (isOnce) server.removeListener('request', wrapped);
    const ctx = safe('request context', () => contextFor(args[0]), undefined);
    return ctx ? context.with(ctx, () => listener.apply(this, args)) : listener.apply(this, args);
  };
  Object.defineProperty(wrapped, WRAPPED, { value: true });
  Object.defineProperty(wrapped, 'listener', { value: listener });
  return wrapped;
}
