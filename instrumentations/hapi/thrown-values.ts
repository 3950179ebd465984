// Hapi answers some thrown values with a copy: a Boom clone of a TypeError (and the other
// system errors), a new Boom for `throw 'text'` or `throw null`. The route's span records the
// original, so capturing hapi's copy would make a second event. On servers our instrumentation
// made, route handlers are wrapped to remember what they threw, per request, so the error
// handler captures the original value (and the span processor then skips it).
import { safeGet } from '../../src/utils/is.js';
import { safe } from '../../src/utils/safe.js';

const thrown = new WeakMap<object, { value: unknown }>();
const servers = new WeakSet<object>();

type Handler = (this: unknown, request: unknown, ...rest: unknown[]) => unknown;
type Route = (this: unknown, config: unknown, ...rest: unknown[]) => unknown;

/** What the route handler threw for `request`, if it threw. */
export function thrownBy(request: unknown): { value: unknown } | undefined {
  return typeof request === 'object' && request !== null ? thrown.get(request) : undefined;
}

/** Whether `server` was made by our instrumentation (its routes also get spans). */
export function isInstrumentedServer(server: unknown): boolean {
  return typeof server === 'object' && server !== null && servers.has(server);
}

/** Wraps the handlers of the routes later added with `server.route(...)`. */
export function rememberThrownValues(server: unknown): void {
  const route = safeGet(server, 'route');
  if (typeof route !== 'function') return;
  servers.add(server as object);
  const original = route as Route;
  (server as { route: Route }).route = function routeWithMemory(this: unknown, config, ...rest) {
    safe('hapi route wrapper', () => [config].flat().forEach(wrapConfig), undefined);
    return original.call(this, config, ...rest);
  };
}

function wrapConfig(config: unknown): void {
  if (typeof config !== 'object' || config === null) return;
  const holders = [config, safeGet(config, 'options')];
  for (const holder of holders) {
    const handler = safeGet(holder, 'handler');
    if (typeof handler === 'function')
      (holder as { handler: Handler }).handler = wrapHandler(handler as Handler);
  }
}

function wrapHandler(handler: Handler): Handler {
  return async function handlerWithMemory(this: unknown, request, ...rest) {
    try {
      return await handler.call(this, request, ...rest);
    } catch (err) {
      if (typeof request === 'object' && request !== null) thrown.set(request, { value: err });
      throw err;
    }
  };
}
