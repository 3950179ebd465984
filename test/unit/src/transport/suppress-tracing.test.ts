import { AsyncLocalStorage } from 'node:async_hooks';
import { type Context, type ContextManager, context, ROOT_CONTEXT } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isTracingSuppressed,
  SUPPRESS_TRACING_KEY,
  suppressTracing,
} from '../../../../src/utils/suppress-tracing.js';

// A minimal AsyncLocalStorage context manager, as @opentelemetry/context-async-hooks provides.
class AlsContextManager implements ContextManager {
  private readonly _als = new AsyncLocalStorage<Context>();
  active(): Context {
    return this._als.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this._als.run(ctx, () => fn.call(thisArg, ...args));
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this._als.disable();
    return this;
  }
}

describe('suppressTracing', () => {
  beforeAll(() => {
    context.setGlobalContextManager(new AlsContextManager());
  });
  afterAll(() => {
    context.disable();
  });

  it("uses OpenTelemetry core's key", () => {
    expect(SUPPRESS_TRACING_KEY).toBe(Symbol.for('OpenTelemetry SDK Context Key SUPPRESS_TRACING'));
  });

  it('suppresses tracing inside fn, including its async continuations, and returns its result', async () => {
    expect(isTracingSuppressed()).toBe(false);
    const seen = await suppressTracing(async () => {
      const sync = isTracingSuppressed();
      await new Promise((r) => setTimeout(r, 1));
      return [sync, isTracingSuppressed()];
    });
    expect(seen).toEqual([true, true]);
    expect(isTracingSuppressed()).toBe(false);
    expect(isTracingSuppressed(ROOT_CONTEXT.setValue(SUPPRESS_TRACING_KEY, true))).toBe(true);
  });

  it('keeps the values of the active context', () => {
    const key = Symbol('user');
    const value = context.with(context.active().setValue(key, 42), () =>
      suppressTracing(() => context.active().getValue(key)),
    );
    expect(value).toBe(42);
  });
});
