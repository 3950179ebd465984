import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsyncLocalStorageContextManager } from '../../../../src/context-manager.js';
import {
  isTracingSuppressed,
  SUPPRESS_TRACING_KEY,
  suppressTracing,
} from '../../../../src/utils/suppress-tracing.js';

describe('suppressTracing', () => {
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager());
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
