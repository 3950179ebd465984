// Sentry Logs end to end: the built package in a child process, logs sent over HTTP to the
// inbox (which checks `log` items as Relay does), delivered at exit without a flush call.
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attributesOf } from '../../helpers/event-fields.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';

const fixture = fileURLToPath(new URL('./fixtures/logger.mjs', import.meta.url));

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  expect(receiver.problems).toEqual([]);
  await receiver.close();
});

const byBody = (body: string) => receiver.logs().find((l) => l.body === body);

describe('Sentry.logger', () => {
  it('sends typed, scoped, trace-connected logs in log items at exit; beforeSendLog changes and drops', async () => {
    const result = await runScenario(fixture, { env: { SENTRY_DSN: receiver.dsn } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('NO THROW');
    await receiver.waitFor(() => receiver.logs().length >= 18);
    const logs = receiver.logs();
    expect(logs.map((l) => [l.body, l.level, l.severity_number]).slice(0, 6)).toEqual([
      ['t', 'trace', 1],
      ['d', 'debug', 5],
      ['hello', 'info', 9],
      ['user bob bought 3 items', 'warn', 13],
      ['printf a 2', 'error', 17],
      ['f', 'fatal', 21],
    ]);
    const hello = byBody('hello');
    expect(hello?.attributes).toMatchObject({
      int: { type: 'integer', value: 1 },
      dbl: { type: 'double', value: 1.5 },
      yes: { type: 'boolean', value: true },
      str: { type: 'string', value: 's' },
      obj: { type: 'string', value: '{"a":1}' },
      list: { type: 'array', value: [1, 2] },
      nan: { type: 'string', value: 'NaN' },
      region: { type: 'string', value: 'eu' },
      'user.id': { type: 'string', value: 'u1' },
      'user.email': { type: 'string', value: 'u@example.com' },
      'user.name': { type: 'string', value: 'ann' },
      'sentry.release': { type: 'string', value: 'r1' },
      'sentry.environment': { type: 'string', value: 'staging' },
      'sentry.sdk.name': { type: 'string', value: 'otel-sentry.javascript.node' },
      'server.address': { type: 'string', value: 'host-1' },
      'sentry.timestamp.sequence': { type: 'integer' },
    });
    expect(attributesOf(hello)['sentry.sdk.version']).toMatch(/^\d+\.\d+\.\d+/);
    expect(hello?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(attributesOf(byBody('user bob bought 3 items'))).toMatchObject({
      'sentry.message.template': 'user %s bought %s items',
      'sentry.message.parameter.0': 'bob',
      'sentry.message.parameter.1': 3,
      shop: 'x',
    });
    expect(attributesOf(byBody('printf a 2'))).toMatchObject({
      'sentry.message.template': 'printf %s %d',
      'sentry.message.parameter.0': 'a',
      'sentry.message.parameter.1': 2,
      k: 'v',
    });
    expect(byBody('drop me')).toBeUndefined();
    expect(attributesOf(byBody('changed'))).toMatchObject({ extra: 1 });
    expect(byBody('throw in beforeSendLog')).toBeDefined(); // a throwing callback keeps the log
    expect(attributesOf(byBody('scoped'))).toMatchObject({ scoped: 42, 'user.id': 'inner' });
    // In a span: the span's trace, and the span as parent.
    const [, traceId, spanId] = /SPAN (\w+) (\w+)/.exec(result.stdout) ?? [];
    const inSpan = byBody('in span');
    expect(inSpan?.trace_id).toBe(traceId);
    expect(attributesOf(inSpan)['sentry.trace.parent_span_id']).toBe(spanId);

    // Bad input: sane logs, no throw.
    expect(attributesOf(byBody('circular')).circular).toContain('[Circular ~]');
    const huge = String(attributesOf(byBody('huge')).big);
    expect(huge.length).toBeLessThanOrEqual(8192);
    expect(attributesOf(byBody('getter')).bad).toBe('');
    expect(byBody('proxy')).toBeDefined();
    expect(byBody('[unprintable message]')).toBeDefined();
    expect(byBody('42')).toBeDefined();
    expect(byBody('undefined')).toBeDefined();
    expect(attributesOf(byBody('surrogate \ufffd'))).toMatchObject({ bigint: '10', inf: 'Infinity' });

    // Log items as Sentry documents them (the inbox checked item_count and types).
    const items = receiver.requests.flatMap((r) => r.envelope[1]).filter(([h]) => h.type === 'log');
    expect(items.length).toBeGreaterThan(0);
    for (const [headers] of items) expect(headers.content_type).toBe('application/vnd.sentry.items.log+json');
    // The dropped log is reported.
    await receiver.waitFor(() => receiver.clientReports().length > 0);
    const dropped = receiver.clientReports().flatMap((r) => r.discarded_events);
    expect(dropped).toContainEqual({ reason: 'before_send', category: 'log_item', quantity: 1 });
  });

  it('takes the older _experiments.enableLogs', async () => {
    const result = await runScenario(fixture, { env: { SENTRY_DSN: receiver.dsn, OLD_OPTION: '1' } });
    expect(result.code).toBe(0);
    await receiver.waitFor(() => receiver.logs().some((l) => l.body === 'hello'));
  });

  it('a synchronous burst of 1000 logs arrives whole at exit, at most 100 per item', async () => {
    const result = await runScenario(fixture, {
      env: { SENTRY_DSN: receiver.dsn, LOGS_MODE: 'burst', COUNT: '1000' },
    });
    expect(result.code).toBe(0);
    await receiver.waitFor(() => receiver.logs().length >= 1000);
    // Batches travel in parallel: they may arrive in any order.
    const received = receiver.logs().map((l) => Number(attributesOf(l).i));
    expect(received.sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    const counts = receiver.requests.flatMap((r) => r.envelope[1]).map(([h]) => h.item_count);
    expect(Math.max(...counts.map(Number))).toBeLessThanOrEqual(100);
    expect(receiver.requests.length).toBe(10);
  });

  it('a synchronous burst of 20 000 logs arrives whole in 200 requests (the transport queue never overflows)', async () => {
    const result = await runScenario(fixture, {
      env: { SENTRY_DSN: receiver.dsn, LOGS_MODE: 'burst', COUNT: '20000' },
    });
    expect(result.code).toBe(0);
    await receiver.waitFor(() => receiver.logs().length >= 20_000, 20_000);
    expect(new Set(receiver.logs().map((l) => attributesOf(l).i)).size).toBe(20_000);
    expect(receiver.requests.length).toBe(200);
    expect(receiver.clientReports()).toEqual([]);
  });
});

describe('consoleLoggingIntegration', () => {
  it('console calls of the chosen levels become logs, as @sentry/node makes them', async () => {
    const result = await runScenario(fixture, { env: { SENTRY_DSN: receiver.dsn, LOGS_MODE: 'console' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('console says { q: 1 } 5'); // output unchanged
    await receiver.waitFor(() => receiver.logs().length >= 3);
    const logs = receiver.logs();
    expect(logs.map((l) => [l.body, l.level, l.severity_number])).toEqual([
      ['console says {"q":1} 5', 'info', 10],
      ['%s formatted w', 'warn', 13],
      ['Assertion failed: broken 2', 'error', 17],
    ]);
    expect(attributesOf(logs[0])).toMatchObject({
      'sentry.origin': 'auto.log.console',
      'sentry.message.template': 'console says {} {}',
      'sentry.message.parameter.0': '{"q":1}',
      'sentry.message.parameter.1': 5,
    });
  });
});
