// With enableLogs, logger integrations (pino, winston, bunyan) and OpenTelemetry log records also
// become Sentry Logs, as @sentry/node's logger integrations send them; the error record is still
// an event, as without enableLogs.
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attributesOf } from '../../helpers/event-fields.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';

const fixture = fileURLToPath(new URL('./fixtures/loggers.mjs', import.meta.url));

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  expect(receiver.problems).toEqual([]);
  await receiver.close();
});

describe.each(['pino', 'winston', 'bunyan', 'otel'])('%s', (logger) => {
  it('records become Sentry Logs with their fields; the error is still an event', async () => {
    const result = await runScenario(fixture, { env: { SENTRY_DSN: receiver.dsn, LOGGER: logger } });
    expect(result.code).toBe(0);
    await receiver.waitFor(() => receiver.logs().length >= 2);
    const [placed, failed] = receiver.logs();
    expect([placed?.body, placed?.level, failed?.body, failed?.level]).toEqual([
      'order placed',
      'info',
      logger === 'otel' ? 'order failed' : expect.stringContaining('order failed'),
      'error',
    ]);
    expect(attributesOf(placed)).toMatchObject({
      orderId: 7,
      paid: true,
      'sentry.origin': `auto.log.${logger}`,
      'sentry.environment': 'production',
    });
    if (logger === 'otel') {
      const [, traceId, spanId] = /SPAN (\w+) (\w+)/.exec(result.stdout) ?? [];
      expect(placed?.trace_id).toBe(traceId);
      expect(attributesOf(placed)['sentry.trace.parent_span_id']).toBe(spanId);
      expect(placed?.severity_number).toBe(9);
    } else {
      expect(attributesOf(failed)['exception.message']).toBe('payment failed');
    }
    if (logger === 'pino') {
      await receiver.waitFor(() => receiver.logs().length >= 3);
      expect(receiver.logs()[2]).toMatchObject({ body: 'cache miss', level: 'debug', severity_number: 5 });
    }
    const events = await receiver.waitForEvents(1);
    expect(events.length).toBeGreaterThanOrEqual(1);
  });
});
