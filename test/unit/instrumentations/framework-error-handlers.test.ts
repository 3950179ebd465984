// The setup functions of koa, hapi and NestJS in-process: bad input never throws, and each one
// hooks in once without changing what the framework does (the events themselves are tested
// end to end in test/integration/frameworks).
import { createRequire } from 'node:module';
import { describe, expect, test, vi } from 'vitest';
import { setupHapiErrorHandler } from '../../../instrumentations/hapi/error-handler.js';
import { setupKoaErrorHandler } from '../../../instrumentations/koa/error-handler.js';
import {
  SentryExceptionCaptured,
  setupNestErrorHandler,
} from '../../../instrumentations/nestjs/error-handler.js';

const require = createRequire(import.meta.url);
type KoaApp = { callback(): unknown; listenerCount(event: string): number };
const Koa = require('koa') as new () => KoaApp;

/** An object whose every property read throws. */
const hostile = new Proxy(
  {},
  {
    get() {
      throw new Error('no reading');
    },
  },
);
/** A Nest ArgumentsHost whose methods throw. */
const brokenHost = {
  getType() {
    throw new Error('no type');
  },
  getArgByIndex() {
    throw new Error('no args');
  },
};
const badInputs: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['a number', 42],
  ['a string', 'app'],
  ['an empty object', {}],
  ['a throwing proxy', hostile],
  ['a function', () => undefined],
];

describe('setupKoaErrorHandler', () => {
  test.each(badInputs)('a non-app (%s) is a warning, not a throw', (_name, app) => {
    expect(() => setupKoaErrorHandler(app)).not.toThrow();
    expect(() => setupKoaErrorHandler(new Koa(), app as never)).not.toThrow();
  });

  test('set up before callback(): listens after koa added its own logger, once', () => {
    const app = new Koa();
    setupKoaErrorHandler(app);
    setupKoaErrorHandler(app, { shouldHandleError: () => true });
    expect(app.listenerCount('error')).toBe(0); // koa decides on its logger in callback()
    app.callback();
    app.callback();
    expect(app.listenerCount('error')).toBe(2); // koa's onerror and ours
  });

  test("set up after callback(): listens at once, beside koa's logger", () => {
    const app = new Koa();
    app.callback();
    setupKoaErrorHandler(app);
    expect(app.listenerCount('error')).toBe(2);
  });
});

describe('setupHapiErrorHandler', () => {
  test.each(badInputs)('a non-server (%s) resolves, with a warning', async (_name, server) => {
    await expect(setupHapiErrorHandler(server)).resolves.toBeUndefined();
  });

  test('adds one onPreResponse extension per server core, which always continues', async () => {
    const ext = vi.fn();
    const server = { ext, route: () => undefined, events: {} };
    await setupHapiErrorHandler(server);
    await setupHapiErrorHandler({ ...server }); // a plugin's server: same events, same core
    expect(ext).toHaveBeenCalledTimes(1);
    expect(ext.mock.calls[0]?.[0]).toBe('onPreResponse');
    const method = ext.mock.calls[0]?.[1] as (request: unknown, h: unknown) => unknown;
    const h = { continue: Symbol('continue') };
    expect(method(hostile, h)).toBe(h.continue);
    expect(method({ response: { isBoom: true, output: { statusCode: 404 } } }, h)).toBe(h.continue);
  });
});

describe('setupNestErrorHandler', () => {
  test.each(badInputs)('a non-app (%s) is a warning, not a throw', (_name, app) => {
    expect(() => setupNestErrorHandler(app)).not.toThrow();
  });

  test('a global filter that hands every exception to the base filter, unchanged', () => {
    const useGlobalFilters = vi.fn();
    const base = { catch: vi.fn(() => 'answered') };
    setupNestErrorHandler({ useGlobalFilters }, base);
    const filter = useGlobalFilters.mock.calls[0]?.[0] as { catch(e: unknown, h: unknown): unknown };
    const error = new Error('boom');
    expect(filter.catch(error, brokenHost)).toBe('answered');
    expect(base.catch).toHaveBeenCalledWith(error, brokenHost);
  });

  test("the base filter's throw is the app's, as without us", () => {
    const useGlobalFilters = vi.fn();
    const failure = new Error('base failed');
    const base = {
      catch() {
        throw failure;
      },
    };
    setupNestErrorHandler({ useGlobalFilters }, base);
    const filter = useGlobalFilters.mock.calls[0]?.[0] as { catch(e: unknown, h: unknown): unknown };
    expect(() => filter.catch('x', {})).toThrow(failure);
  });
});

describe('SentryExceptionCaptured', () => {
  test('wraps catch(): the original runs with the same arguments and its answer', () => {
    const original = vi.fn((_e: unknown, _h: unknown) => 'answered');
    const descriptor = SentryExceptionCaptured()({}, 'catch', { value: original });
    expect((descriptor.value as typeof original)(null, brokenHost)).toBe('answered');
    expect(original).toHaveBeenCalledWith(null, brokenHost);
  });

  test('on something other than a method: a warning, the descriptor unchanged', () => {
    const descriptor = { get: () => 1 };
    expect(SentryExceptionCaptured({ shouldHandleError: 'no' as never })({}, 'x', descriptor)).toBe(
      descriptor,
    );
  });
});
