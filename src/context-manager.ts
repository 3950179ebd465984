// An AsyncLocalStorage-backed OpenTelemetry ContextManager, registered by `init()` only when the
// app has none. Ours rather than @opentelemetry/context-async-hooks so the core depends on the
// API alone and works with both OTel lines (2.x and 3.x).
import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import { type Context, type ContextManager, ROOT_CONTEXT } from '@opentelemetry/api';
import { bindEmitterToContext } from './bind-emitter.js';

type Listener = (...args: unknown[]) => void;

/** `fn.apply(thisArg, args)` as a shared function: `with()` then needs no bound copy of `fn`. */
function applyTo(fn: Listener, thisArg: unknown, args: unknown[]): unknown {
  return fn.apply(thisArg, args);
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
    if (thisArg == null) return this._storage.run(ctx, fn as never, ...args) as ReturnType<F>;
    return this._storage.run(ctx, applyTo, fn as unknown as Listener, thisArg, args) as ReturnType<F>;
  }

  bind<T>(ctx: Context, target: T): T {
    if (target instanceof EventEmitter) {
      // First bind wins, as in OTel's managers; the emitter's listeners run in `ctx` from now on.
      bindEmitterToContext(target, ctx);
      return target;
    }
    if (typeof target === 'function') {
      const fn = target as unknown as Listener;
      const manager = this;
      const bound = function (this: unknown, ...args: unknown[]) {
        return manager.with(ctx, fn, this, ...args);
      };
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
}
