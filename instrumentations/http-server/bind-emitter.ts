// Makes listeners added to a request/response emitter run in the request's context, so captures
// in `req.on('data' | 'end')` see the request's scopes.
//
// Why not `context.bind(ctx, emitter)`: context managers bind an emitter once and ignore later
// binds, and OTel's HttpInstrumentation has already bound req/res to a context it derived from
// ROOT_CONTEXT, without our scopes. Add-listener patches stack instead: the last one applied wraps
// the listener innermost, so ours (applied after OTel's) decides the context listeners run in.
import type { EventEmitter } from 'node:events';
import { type Context, context } from '@opentelemetry/api';
import { safe } from '../../src/utils/safe.js';

type Listener = (...args: unknown[]) => unknown;
type AddOrRemove = (this: EventEmitter, event: string | symbol, listener: Listener) => EventEmitter;

const BOUND = Symbol('otel-sentry.request-context-bound');

/** Binds `emitter`'s future listeners to `ctx`; a second call for the same emitter does nothing. */
export function bindEmitterToContext(emitter: EventEmitter, ctx: Context): void {
  const target = emitter as EventEmitter & { [BOUND]?: boolean };
  if (target[BOUND]) return;
  const methods = target as unknown as Record<string, AddOrRemove>;
  const { on, prependListener, once, prependOnceListener, removeListener, off } = methods;
  if (!on || !prependListener || !once || !prependOnceListener || !removeListener || !off) return;
  Object.defineProperty(target, BOUND, { value: true });
  const registered = new Registrations();

  /** `original` is the emitter's own method; for once() it differs from `inner`. */
  const add = (inner: AddOrRemove, original: AddOrRemove): AddOrRemove =>
    function (this: EventEmitter, event, listener) {
      const isOnce = original !== inner;
      const wrapped =
        typeof listener === 'function'
          ? safe('binding a listener', () => wrap(event, listener, isOnce), undefined)
          : undefined;
      // Unbound (SDK bug or not a function): the emitter's own method, as without us.
      if (!wrapped) return original.call(this, event, listener);
      return inner.call(this, event, wrapped);
    };
  const wrap = (event: string | symbol, listener: Listener, once: boolean): Listener => {
    // once() is rebuilt on top of on(): Node's own once() would register its wrapper through
    // on(), after the binds below us, leaving the innermost bind (the context) to them.
    let fired = false;
    const run = !once
      ? listener
      : function (this: unknown, ...args: unknown[]) {
          if (fired) return undefined;
          fired = true;
          registered.take(event, listener, wrapped);
          removeListener.call(emitter, event, wrapped);
          return listener.apply(this, args);
        };
    const wrapped = bindListener(ctx, run, listener);
    registered.add(event, listener, wrapped);
    return wrapped;
  };
  const remove = (inner: AddOrRemove): AddOrRemove =>
    function (this: EventEmitter, event, listener) {
      return inner.call(this, event, registered.take(event, listener) ?? listener);
    };
  methods.on = add(on, on);
  methods.addListener = methods.on;
  methods.prependListener = add(prependListener, prependListener);
  methods.once = add(on, once);
  methods.prependOnceListener = add(prependListener, prependOnceListener);
  methods.removeListener = remove(removeListener);
  methods.off = remove(off);
}

/** What was registered for each (event, original listener), so removal by the original works. */
class Registrations {
  private _byEvent = new Map<string | symbol, WeakMap<Listener, Listener[]>>();

  add(event: string | symbol, listener: Listener, wrapped: Listener): void {
    let forEvent = this._byEvent.get(event);
    if (!forEvent) {
      forEvent = new WeakMap();
      this._byEvent.set(event, forEvent);
    }
    const list = forEvent.get(listener);
    if (list) list.push(wrapped);
    else forEvent.set(listener, [wrapped]);
  }

  /** Forgets `wrapped`, or else the latest registration (EventEmitter removes the latest too). */
  take(event: string | symbol, listener: Listener, wrapped?: Listener): Listener | undefined {
    const list = this._byEvent.get(event)?.get(listener);
    if (!list) return undefined;
    const index = wrapped ? list.lastIndexOf(wrapped) : list.length - 1;
    return index === -1 ? undefined : list.splice(index, 1)[0];
  }
}

function bindListener(ctx: Context, run: Listener, original: Listener): Listener {
  const wrapped = function (this: unknown, ...args: unknown[]) {
    return context.with(ctx, () => run.apply(this, args));
  };
  // EventEmitter unwraps `.listener` in listeners() and matches it in removeListener().
  Object.defineProperty(wrapped, 'listener', { value: original });
  return wrapped;
}
