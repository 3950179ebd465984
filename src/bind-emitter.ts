// Makes listeners added to an emitter run in a given context: our context manager's
// `context.bind(ctx, emitter)`, and the request isolation's binding of req/res, so captures in
// `req.on('data' | 'end')` see the request's scopes.
//
// Context managers bind an emitter once and ignore later binds, and OTel's HttpInstrumentation
// has already bound req/res to a context it derived from ROOT_CONTEXT, without our scopes. So the
// isolation rebinds (`replace`): with our manager, the one record on the emitter takes the newer
// context (one wrapper per listener, not two); with another manager (contrib's, under NodeSDK),
// its add-listener patch stays and ours stacks on it, innermost, so ours decides the context.
import { EventEmitter } from 'node:events';
import { type Context, context } from '@opentelemetry/api';
import { safe } from './utils/safe.js';

type Listener = ((...args: unknown[]) => unknown) & { listener?: Listener };
type AddOrRemove = (this: EventEmitter, event: string | symbol, listener: Listener) => EventEmitter;
type Method = 'on' | 'prependListener' | 'once' | 'prependOnceListener' | 'removeListener' | 'off';

/** Per bound emitter: its context and its own methods from before the bind. */
type Bound = Record<Method, AddOrRemove> & {
  ctx: Context;
  /** What was registered for each (event, original listener), so removal by the original works. */
  registered: Registration[] | undefined;
};
interface Registration {
  event: string | symbol;
  listener: Listener;
  wrapped: Listener;
}
type Target = EventEmitter & { [BOUND]?: Bound };

const BOUND = Symbol('otel-sentry.request-context-bound');

/**
 * Binds `emitter`'s future listeners to `ctx`. A second call for the same emitter does nothing,
 * unless `replace`: then listeners added from now on run in the new `ctx`. Runs twice per
 * request: the methods are shared functions finding their state on the emitter, so a bind costs
 * one object, not a set of closures.
 */
export function bindEmitterToContext(emitter: EventEmitter, ctx: Context, replace = false): void {
  const target = emitter as Target;
  const existing = target[BOUND];
  if (existing) {
    if (replace) existing.ctx = ctx;
    return;
  }
  const methods = target as unknown as Record<string, AddOrRemove>;
  const { on, prependListener, once, prependOnceListener, removeListener, off } = methods;
  if (!on || !prependListener || !once || !prependOnceListener || !removeListener || !off) return;
  const bound: Bound = {
    ctx,
    on,
    prependListener,
    once,
    prependOnceListener,
    removeListener,
    off,
    registered: undefined,
  };
  target[BOUND] = bound; // an assignment: defineProperty on a request costs twice the whole bind
  methods.on = boundOn;
  methods.addListener = boundOn;
  methods.prependListener = boundPrependListener;
  methods.once = boundOnce;
  methods.prependOnceListener = boundPrependOnceListener;
  methods.removeListener = boundRemoveListener;
  methods.off = boundOff;
}

function boundOn(this: Target, event: string | symbol, listener: Listener): EventEmitter {
  return add(this, event, listener, 'on', 'on');
}
function boundPrependListener(this: Target, event: string | symbol, listener: Listener): EventEmitter {
  return add(this, event, listener, 'prependListener', 'prependListener');
}
// once() is rebuilt on top of on(): Node's own once() would register its wrapper through on(),
// after the binds below us, leaving the innermost bind (the context) to them.
function boundOnce(this: Target, event: string | symbol, listener: Listener): EventEmitter {
  return add(this, event, listener, 'on', 'once');
}
function boundPrependOnceListener(this: Target, event: string | symbol, listener: Listener): EventEmitter {
  return add(this, event, listener, 'prependListener', 'prependOnceListener');
}
function boundRemoveListener(this: Target, event: string | symbol, listener: Listener): EventEmitter {
  return remove(this, event, listener, 'removeListener');
}
function boundOff(this: Target, event: string | symbol, listener: Listener): EventEmitter {
  return remove(this, event, listener, 'off');
}

/** `original` is the emitter's own method; for once() it differs from `inner`. */
function add(emitter: Target, event: string | symbol, listener: Listener, inner: Method, original: Method) {
  const bound = emitter[BOUND];
  // Called on another object (a method borrowed from a bound emitter): plain EventEmitter.
  if (!bound) return (EventEmitter.prototype[original] as AddOrRemove).call(emitter, event, listener);
  const wrapped =
    typeof listener === 'function'
      ? safe('binding a listener', () => wrap(emitter, bound, event, listener, inner !== original), undefined)
      : undefined;
  // Unbound (SDK bug or not a function): the emitter's own method, as without us.
  if (!wrapped) return bound[original].call(emitter, event, listener);
  return bound[inner].call(emitter, event, wrapped);
}

function remove(emitter: Target, event: string | symbol, listener: Listener, method: Method) {
  const bound = emitter[BOUND];
  if (!bound) return (EventEmitter.prototype[method] as AddOrRemove).call(emitter, event, listener);
  return bound[method].call(emitter, event, take(bound, event, listener) ?? listener);
}

function wrap(emitter: Target, bound: Bound, event: string | symbol, listener: Listener, once: boolean) {
  let fired = false;
  const run = !once
    ? listener
    : function (this: unknown, ...args: unknown[]) {
        if (fired) return undefined;
        fired = true;
        take(bound, event, listener, wrapped);
        bound.removeListener.call(emitter, event, wrapped);
        return listener.apply(this, args);
      };
  const ctx = bound.ctx;
  const wrapped: Listener = function (this: unknown, ...args: unknown[]) {
    return context.with(ctx, run, this, ...args);
  };
  // EventEmitter unwraps `.listener` in listeners() and matches it in removeListener().
  wrapped.listener = listener;
  bound.registered ??= [];
  bound.registered.push({ event, listener, wrapped });
  return wrapped;
}

/**
 * Forgets `wrapped`, or else the latest registration of `listener` for `event` (EventEmitter
 * removes the latest too). A list, not a map: a request's emitters hold a few listeners.
 */
function take(bound: Bound, event: string | symbol, listener: Listener, wrapped?: Listener) {
  const list = bound.registered;
  if (!list) return undefined;
  for (let i = list.length - 1; i >= 0; i--) {
    const r = list[i] as Registration;
    if (r.event !== event || r.listener !== listener || (wrapped && r.wrapped !== wrapped)) continue;
    list.splice(i, 1);
    return r.wrapped;
  }
  return undefined;
}
