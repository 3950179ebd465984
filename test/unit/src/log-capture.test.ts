// The logger integrations' shared parts: options, levels, the lazy breadcrumb, exception keys.
import { afterEach, expect, it, vi } from 'vitest';
import { LogBreadcrumb, logTimestamp, parseLine } from '../../../src/integrations/log-breadcrumb.js';
import { briefFields, resolveLogOptions, severityOf } from '../../../src/integrations/log-capture.js';
import { loggedExceptionKey } from '../../../src/recent-exceptions.js';

afterEach(() => {
  vi.restoreAllMocks();
});

it('options: defaults, levels, false, and a warning plus the default for bad values', () => {
  expect(resolveLogOptions('pino', undefined)).toEqual({ breadcrumb: 30, event: 50, loggers: undefined });
  expect(resolveLogOptions('pino', { breadcrumbLevel: 'debug', eventLevel: false, loggers: ['a'] })).toEqual({
    breadcrumb: 20,
    event: Number.POSITIVE_INFINITY,
    loggers: new Set(['a']),
  });
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  expect(resolveLogOptions('pino', { breadcrumbLevel: 'loud', eventLevel: 7, loggers: 'a' })).toEqual({
    breadcrumb: 30,
    event: 50,
    loggers: undefined,
  });
  expect(resolveLogOptions('pino', 'nonsense')).toMatchObject({ breadcrumb: 30, event: 50 });
  expect(warn).toHaveBeenCalledTimes(6); // three bad values, and each option of the non-object
});

it('levels map to Sentry severities', () => {
  expect([10, 20, 25, 30, 35, 40, 50, 60, 70].map(severityOf)).toEqual([
    'debug',
    'debug',
    'debug',
    'info',
    'info',
    'warning',
    'error',
    'fatal',
    'fatal',
  ]);
});

it('fields: short detached copies; hostile getters and huge values never throw', () => {
  const hostile = Object.defineProperty({ ok: 1 }, 'boom', {
    enumerable: true,
    get() {
      throw new Error('getter');
    },
  });
  const circular: Record<string, unknown> = { a: 1 };
  circular.self = circular;
  const data = briefFields(
    { ...{ n: 1, s: 'x'.repeat(5000), err: new TypeError('t'), circular }, skip: 1 },
    new Set(['skip']),
  );
  expect(data).toMatchObject({ n: 1, err: 'TypeError: t' });
  expect(String(data?.s).length).toBeLessThanOrEqual(1000);
  expect(String(data?.circular)).toContain('[Circular');
  expect(briefFields(hostile)).toEqual({ ok: 1 });
  expect(briefFields({})).toBeUndefined();
});

it('a breadcrumb from a JSON line reads its data only when asked, once, and serializes plainly', () => {
  const parse = vi.fn(JSON.parse);
  vi.spyOn(JSON, 'parse').mockImplementation(parse);
  const line = '{"level":30,"msg":"m","reqId":7,"big":"' + 'y'.repeat(2000) + '"}';
  const crumb = new LogBreadcrumb(1, 'default', 'app', 'info', 'm', line, new Set(['level', 'msg']));
  expect(parse).not.toHaveBeenCalled();
  expect(crumb.data?.reqId).toBe(7);
  expect(String(crumb.data?.big).length).toBeLessThanOrEqual(1000);
  expect(parse).toHaveBeenCalledTimes(1);
  expect(JSON.parse(JSON.stringify(crumb))).toMatchObject({
    category: 'app',
    message: 'm',
    data: { reqId: 7 },
  });
  expect(new LogBreadcrumb(1, 'default', 'app', 'info', 'm', 'not json', undefined).data).toBeUndefined();
  expect(parseLine('[1,2]')).toBeUndefined();
});

it('log timestamps: a burst shares clock reads, never older than its synchronous run', async () => {
  const now = vi.spyOn(Date, 'now');
  const first = logTimestamp();
  for (let i = 0; i < 14; i++) expect(logTimestamp()).toBe(first);
  const reads = now.mock.calls.length;
  expect(reads).toBe(1);
  await Promise.resolve(); // the run ended: the next record reads the clock again
  logTimestamp();
  expect(now.mock.calls.length).toBe(reads + 1);
});

it('logged exceptions are known by their trace and the stack up to the first frame', () => {
  const stack = 'TypeError: failed\n    at a (/x.js:1:1)\n    at b (/x.js:2:2)';
  const withCauses = `${stack}\ncaused by: Error: inner\n    at c (/y.js:3:3)`;
  expect(loggedExceptionKey('t', stack, 'failed')).toBe(loggedExceptionKey('t', withCauses, 'failed: inner'));
  expect(loggedExceptionKey('t', stack, 'failed')).not.toBe(loggedExceptionKey('u', stack, 'failed'));
  expect(loggedExceptionKey('t', undefined, 'm')).not.toBe(loggedExceptionKey('t', undefined, 'n'));
});
