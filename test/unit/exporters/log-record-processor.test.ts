// SentryLogRecordProcessor on a real sdk-logs LoggerProvider: which records become events and
// breadcrumbs, what they carry, once per exception, and bad input.
import { context, trace } from '@opentelemetry/api';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import {
  type LogRecordLike,
  SentryLogRecordProcessor,
} from '../../../exporters/sentry-log-record-processor.js';
import * as Sentry from '../../../src/index.js';
import type { Breadcrumb } from '../../../src/protocol/types.js';
import type { BreadcrumbHint } from '../../../src/types.js';
import { breadcrumbsOf, messageOf } from '../../helpers/event-fields.js';
import { type Harness, setup, teardown } from './harness.js';

let h: Harness;
let crumbs: Array<{ crumb: Breadcrumb; hint: BreadcrumbHint }>;
let processor: SentryLogRecordProcessor;
let provider: LoggerProvider;

beforeEach(() => {
  crumbs = [];
  h = setup({
    beforeBreadcrumb: (crumb, hint) => {
      crumbs.push({ crumb, hint });
      return crumb;
    },
  });
  processor = new SentryLogRecordProcessor();
  provider = new LoggerProvider({ processors: [processor] });
});
afterEach(async () => {
  await provider.shutdown();
  await teardown();
});

const stack = (message: string) =>
  `TypeError: ${message}\n    at handler (/app/server.js:10:5)\n    at run (/app/run.js:3:1)`;

it('a record with exception attributes becomes an event on its trace, with the record as log_record', async () => {
  const logger = provider.getLogger('my-lib', '1.0.0');
  const span = h.tracer.startSpan('request');
  context.with(trace.setSpan(context.active(), span), () => {
    Sentry.setTag('where', 'inside');
    logger.emit({
      severityNumber: 9,
      severityText: 'INFO',
      body: 'handled a failure',
      attributes: {
        'exception.type': 'TypeError',
        'exception.message': 'bad input',
        'exception.stacktrace': stack('bad input'),
        'user.tier': 'gold',
      },
    });
  });
  span.end();
  const [event, ...rest] = await h.events();
  expect(rest).toEqual([]);
  const value = event?.exception?.values?.[0];
  expect(value).toMatchObject({
    type: 'TypeError',
    value: 'bad input',
    mechanism: { type: 'auto.otel.log', handled: true },
  });
  expect(value?.stacktrace?.frames?.at(-1)).toMatchObject({ function: 'handler', lineno: 10 });
  expect(messageOf(event)).toBe('handled a failure');
  expect(event?.level).toBe('info');
  expect(event?.logger).toBe('my-lib');
  expect(event?.contexts?.trace).toMatchObject({
    trace_id: span.spanContext().traceId,
    span_id: span.spanContext().spanId,
  });
  expect(event?.contexts?.otel).toMatchObject({ attributes: { 'user.tier': 'gold' } });
  const record = h.hints[0]?.log_record as LogRecordLike;
  expect(record.body).toBe('handled a failure');
  expect(record.attributes?.['user.tier']).toBe('gold');
});

it('ERROR without an exception is a message event; WARN and INFO are breadcrumbs with log_record; DEBUG is nothing', async () => {
  const logger = provider.getLogger('app');
  logger.emit({ severityNumber: 5, body: 'debugging' });
  logger.emit({ severityNumber: 9, body: 'started', attributes: { port: 8080 } });
  logger.emit({ severityNumber: 13, severityText: 'WARN', body: { structured: true } });
  logger.emit({ severityText: 'ERROR', body: 'it broke' }); // no number: read from the text
  const [event] = await h.events();
  expect(messageOf(event)).toBe('it broke');
  expect(event?.exception).toBeUndefined();
  expect(event?.level).toBe('error');
  expect(crumbs.map(({ crumb }) => [crumb.category, crumb.level, crumb.message, crumb.data])).toEqual([
    ['app', 'info', 'started', { port: 8080 }],
    ['app', 'warning', '{"structured":true}', undefined],
  ]);
  expect((crumbs[0]?.hint.log_record as LogRecordLike | undefined)?.body).toBe('started');
  expect(breadcrumbsOf(event).map((b) => b.message)).toEqual(['started', '{"structured":true}']);
});

it('the same exception twice in one trace is one event; options choose the levels', async () => {
  const quiet = new SentryLogRecordProcessor({ breadcrumbLevel: false, eventLevel: 'warn' });
  const other = new LoggerProvider({ processors: [quiet] });
  const logger = other.getLogger('app');
  const attributes = {
    'exception.type': 'Error',
    'exception.message': 'once',
    'exception.stacktrace': stack('once'),
  };
  logger.emit({ severityNumber: 17, body: 'first', attributes });
  logger.emit({ severityNumber: 17, body: 'again', attributes });
  logger.emit({ severityNumber: 13, body: 'a warning is an event here' });
  logger.emit({ severityNumber: 9, body: 'no breadcrumb' });
  const events = await h.events();
  expect(events.map((e) => messageOf(e))).toEqual(['first', 'a warning is an event here']);
  expect(crumbs).toEqual([]);
  await other.shutdown();
});

it('bad input: never throws, records what it can, warns about bad options', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const odd = new SentryLogRecordProcessor({ eventLevel: 'loud' as never, breadcrumbLevel: 3 as never });
  expect(warn).toHaveBeenCalledTimes(2);
  warn.mockRestore();
  const hostile = new Proxy(
    {},
    {
      get() {
        throw new Error('trap');
      },
    },
  );
  for (const record of [null, 42, 'text', hostile, { attributes: hostile }, { severityNumber: 'x' }]) {
    expect(() => odd.onEmit(record as never)).not.toThrow();
  }
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  expect(() => odd.onEmit({ severityNumber: 17, body: circular })).not.toThrow();
  odd.onEmit({ severityNumber: 17, body: 'x'.repeat(10 * 1024 * 1024) });
  const events = await h.events();
  expect(events).toHaveLength(2); // the circular body (as text) and the big one, cut
  expect(events.every((e) => (messageOf(e)?.length ?? 0) <= 8192)).toBe(true);
  await odd.shutdown();
  odd.onEmit({ severityNumber: 17, body: 'after shutdown' });
  expect(await h.events()).toHaveLength(2);
});
