// The framework entry points on bad input and their pass-through behaviour, without a client:
// they never throw, hand the error on unchanged, and leave a listener's results as they were.
import { describe, expect, it, vi } from 'vitest';
import { setupConnectErrorHandler } from '../../../instrumentations/connect/error-handler.js';
import { registerEsmLoaderHook } from '../../../instrumentations/esm-loader.js';
import {
  expressErrorHandler,
  setupExpressErrorHandler,
} from '../../../instrumentations/express/error-handler.js';
import { wrapRequestListener } from '../../../instrumentations/node-http/request-listener.js';
import {
  markPrimitiveCaptured,
  takePrimitiveToken,
  wasPrimitiveCaptured,
} from '../../../src/captured-errors.js';

const hostile = new Proxy(
  {},
  {
    get() {
      throw new Error('hostile');
    },
  },
);
const notApps = [undefined, null, 42, 'app', {}, { use: 'no' }, hostile];

describe('setupExpressErrorHandler / setupConnectErrorHandler', () => {
  it('ignore a non-app without a throw', () => {
    for (const app of notApps) {
      expect(() => setupExpressErrorHandler(app)).not.toThrow();
      expect(() => setupConnectErrorHandler(app)).not.toThrow();
    }
  });

  it('add one four-argument error middleware that passes the error on unchanged', () => {
    for (const setup of [setupExpressErrorHandler, setupConnectErrorHandler]) {
      const use = vi.fn();
      setup({ use }, { shouldHandleError: 'not a function' as never });
      expect(use).toHaveBeenCalledTimes(1);
      const middleware = use.mock.calls[0]?.[0];
      expect(middleware).toHaveLength(4);
      const next = vi.fn();
      const error = new Error('route failed');
      middleware(error, hostile, {}, next);
      expect(next).toHaveBeenCalledWith(error);
      expect(() => middleware('text', {}, {}, undefined)).not.toThrow();
    }
  });

  it('expressErrorHandler works without a client, whatever shouldHandleError does', () => {
    const next = vi.fn();
    const throwing = expressErrorHandler({
      shouldHandleError: () => {
        throw new Error('user bug');
      },
    });
    throwing(null, { method: 'GET' }, {}, next);
    expect(next).toHaveBeenCalledWith(null);
  });
});

describe('wrapRequestListener', () => {
  it('returns a non-function unchanged', () => {
    for (const value of [undefined, null, 'listener', {}]) {
      expect(wrapRequestListener(value as never)).toBe(value);
    }
  });

  it('keeps this, arguments and the return value', () => {
    const listener = vi.fn(function (this: unknown) {
      return this;
    });
    const self = {};
    const wrapped = wrapRequestListener(listener as never) as (...args: unknown[]) => unknown;
    expect(wrapped.call(self, 'req', 'res', 'extra')).toBe(self);
    expect(listener).toHaveBeenCalledWith('req', 'res', 'extra');
  });

  it('re-raises a throw and a rejection with the same value', async () => {
    const error = new Error('sync');
    type Any = (req: unknown, res: unknown) => unknown;
    const wrap = (listener: Any) => wrapRequestListener(listener as never) as Any;
    expect(() =>
      wrap(() => {
        throw error;
      })({}, {}),
    ).toThrow(error);
    const rejected = wrap(async () => {
      throw 'async';
    })({}, {});
    await expect(rejected).rejects.toBe('async');
    const resolved = wrap(async () => 'done')({}, {});
    await expect(resolved).resolves.toBe('done');
  });
});

describe('captured primitives', () => {
  it('are remembered per trace and value, a bounded number of them', () => {
    markPrimitiveCaptured('t1', 'failed', 'handler');
    expect(wasPrimitiveCaptured('t1', 'failed')).toBe(true);
    expect(wasPrimitiveCaptured('t2', 'failed')).toBe(false);
    expect(wasPrimitiveCaptured(undefined, 'failed')).toBe(false);
    markPrimitiveCaptured('t1', 42, 'handler');
    expect(wasPrimitiveCaptured('t1', '42')).toBe(false); // the type is part of it
    for (let i = 0; i < 600; i++) markPrimitiveCaptured('t3', `error ${i}`, 'handler');
    expect(wasPrimitiveCaptured('t1', 'failed')).toBe(false); // the oldest went first
    expect(wasPrimitiveCaptured('t3', 'error 599')).toBe(true);
    // Without a trace on the handler's side: one token each way, taken once.
    markPrimitiveCaptured(undefined, 'lost context', 'handler');
    expect(takePrimitiveToken('lost context', 'handler')).toBe(true);
    expect(takePrimitiveToken('lost context', 'handler')).toBe(false);
    markPrimitiveCaptured('t4', 'span first', 'span');
    expect(takePrimitiveToken('span first', 'span')).toBe(true);
    expect(takePrimitiveToken('span first', 'handler')).toBe(false);
  });
});

describe('registerEsmLoaderHook', () => {
  it('registers nothing without a framework instrumentation that supports ES modules', () => {
    expect(registerEsmLoaderHook([])).toBe(false);
    expect(registerEsmLoaderHook([{}, null, hostile, { getModuleDefinitions: () => [{ name: 'x' }] }])).toBe(
      false,
    );
  });
});
