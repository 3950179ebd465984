// An AsyncLocalStorage-backed OpenTelemetry ContextManager, registered by `init()` only when the
// app has none. Ours rather than @opentelemetry/context-async-hooks so the core depends on the
// API alone and works with both OTel lines (2.x and 3.x).
import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import { type Context, type ContextManager, ROOT_CONTEXT } from '@opentelemetry/api';

type Listener = (...args: unknown[]) => void;
const ADD_METHODS = ['addListener', 'on', 'once', 'prependListener', 'prependOnceListener'] as const;
const PATCHED = Symbol('otel-sentry.bound-listeners');

interface PatchedEmitter extends EventEmitter {
  [PATCHED]?: WeakMap<Listener, Listener>;
}

export class AsyncLocalStorageContextManager implements ContextManager {
  private _storage = new AsyncLocalStorage<Context>();

  active(): Context {
    return this._storage.getStore() ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    const cb = thisArg == null ? fn : fn.bind(thisArg);
    return this._storage.run(ctx, cb as never, ...args) as ReturnType<F>;
  }

  bind<T>(ctx: Context, target: T): T {
    if (target instanceof EventEmitter) return this._bindEmitter(ctx, target) as T;
    if (typeof target === 'function') {
      const fn = target as unknown as Listener;
      const bound = this._bindFunction(ctx, fn);
      // Callers may look at arity (Express tells error middleware by its 4 parameters).
      Object.defineProperty(bound, 'length', { value: fn.length });
      return bound as T;
    }
    return target;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this._storage.disable();
    return this;
  }

  private _bindFunction(ctx: Context, fn: Listener): Listener {
    const manager = this;
    const bound = function (this: unknown, ...args: unknown[]) {
      return manager.with(ctx, () => fn.apply(this, args));
    };
    // Listeners bound for emitters skip the `length` copy: defineProperty per listener costs more
    // than the rest of the bind, and EventEmitter never looks at it.
    return bound;
  }

  /** Listeners added to the emitter after binding run in `ctx` (request/response streams). */
  private _bindEmitter(ctx: Context, ee: PatchedEmitter): EventEmitter {
    if (ee[PATCHED]) return ee;
    const manager = this;
    const map = new WeakMap<Listener, Listener>();
    ee[PATCHED] = map;
    for (const method of ADD_METHODS) {
      const original = ee[method] as (event: string | symbol, l: Listener) => EventEmitter;
      ee[method] = function (this: EventEmitter, event: string | symbol, listener: Listener) {
        let bound = map.get(listener);
        if (!bound) {
          bound = manager._bindFunction(ctx, listener);
          map.set(listener, bound);
        }
        return original.call(this, event, bound);
      };
    }
    for (const method of ['removeListener', 'off'] as const) {
      const original = ee[method] as (event: string | symbol, l: Listener) => EventEmitter;
      ee[method] = function (this: EventEmitter, event: string | symbol, listener: Listener) {
        return original.call(this, event, map.get(listener) ?? listener);
      };
    }
    return ee;
  }
}
