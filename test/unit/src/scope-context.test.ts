import { EventEmitter } from 'node:events';
import { context } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCurrentScope, getIsolationScope, withIsolationScope, withScope } from '../../../src/api.js';
import { AsyncLocalStorageContextManager } from '../../../src/context-manager.js';

describe('scopes in the OpenTelemetry context', () => {
  const manager = new AsyncLocalStorageContextManager();
  beforeAll(() => {
    context.setGlobalContextManager(manager);
  });
  afterAll(() => {
    context.disable();
  });

  it('keeps a forked scope across awaits and timers, and not outside', async () => {
    const outer = getCurrentScope();
    await withScope(async (scope) => {
      scope.setTag('inside', 'yes');
      await new Promise((r) => setTimeout(r, 1));
      expect(getCurrentScope()).toBe(scope);
      expect(getCurrentScope().getScopeData().tags.inside).toBe('yes');
    });
    expect(getCurrentScope()).toBe(outer);
    expect(outer.getScopeData().tags.inside).toBeUndefined();
  });

  it('gives concurrent isolation scopes their own data', async () => {
    const seen = await Promise.all(
      [1, 2, 3].map((n) =>
        withIsolationScope(async (iso) => {
          iso.setTag('n', n);
          await new Promise((r) => setTimeout(r, 5 - n));
          return getIsolationScope().getScopeData().tags.n;
        }),
      ),
    );
    expect(seen).toEqual([1, 2, 3]);
  });

  it('binds emitters so listeners run in the bound context', () => {
    const ee = new EventEmitter();
    let seen: unknown;
    withIsolationScope((iso) => {
      iso.setTag('req', 'a');
      context.bind(context.active(), ee);
    });
    ee.on('data', () => {
      seen = getIsolationScope().getScopeData().tags.req;
    });
    ee.emit('data');
    expect(seen).toBe('a');
  });

  it('returns the callback value and still runs the callback when given junk', () => {
    expect(withScope(() => 42)).toBe(42);
    expect(withScope(undefined as never)).toBeUndefined();
  });
});

describe('binding functions', () => {
  it('keeps the arity of a bound function', () => {
    const manager = new AsyncLocalStorageContextManager();
    const bound = manager.bind(context.active(), (_a: unknown, _b: unknown, _c: unknown, _d: unknown) => 1);
    expect(bound.length).toBe(4);
  });
});
