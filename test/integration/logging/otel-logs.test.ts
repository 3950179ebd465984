// OpenTelemetry logs: NodeSDK with `logRecordProcessors: [new SentryLogRecordProcessor()]` and the
// pino instrumentation. One event per logged error, on the trace of the request that logged it,
// whether otel-sentry's pino integration is on (it reports; the processor leaves pino's records
// to it) or off (the processor reports, and the span event of the same error is not sent again).
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Event } from '../../../src/protocol/types.js';
import { breadcrumbsOf, messageOf } from '../../helpers/event-fields.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';

const fixture = fileURLToPath(new URL('./fixtures/otel-logs.cjs', import.meta.url));

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  expect(receiver.problems).toEqual([]);
  await receiver.close();
});

it.each([
  ['on', 'pino'],
  ['off', 'otel'],
])(
  'pino integration %s: one event per logged error, trace ids of the request spans',
  async (mode, recordKind) => {
    const result = await runScenario(fixture, {
      env: { SENTRY_DSN: receiver.dsn, PINO_INTEGRATION: mode === 'on' ? '1' : '0' },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const traces = new Map(
      result.stdout
        .split('\n')
        .filter((l) => l.startsWith('TRACE '))
        .map((l) => l.split(' ').slice(1) as [string, string]),
    );
    expect(traces.size).toBe(2);

    const events = await receiver.waitForEvents(3);
    expect(events).toHaveLength(3); // the child flushed before exiting: nothing more comes
    for (const path of ['/one', '/msg']) {
      const event = events.find((e) =>
        e.exception?.values?.at(-1)?.value?.startsWith(`failed ${path}`),
      ) as Event;
      expect(event.exception?.values?.at(-1)?.type).toBe('TypeError');
      expect(event.tags).toMatchObject({ path, log_record: recordKind });
      expect(event.contexts?.trace?.trace_id).toBe(traces.get(path));
      expect(event.level).toBe('error');
      const crumb = breadcrumbsOf(event).find((b) => b.message === 'about to fail');
      expect(crumb?.level).toBe('warning');
      expect(crumb?.data).toMatchObject({ path });
      if (mode === 'off') {
        expect(event.exception?.values?.at(-1)?.mechanism).toMatchObject({ type: 'auto.otel.log' });
        expect(event.exception?.values?.at(-1)?.stacktrace?.frames?.length).toBeGreaterThan(0);
        expect(event.contexts?.otel).toMatchObject({ attributes: { 'exception.type': 'TypeError' } });
        expect(event.logger).toBe('@opentelemetry/instrumentation-pino');
      } else {
        // The integration's event: the original Error, with its cause.
        expect(event.exception?.values?.map((v) => v.value)).toEqual(['the cause', `failed ${path}`]);
      }
    }
    const message = events.find((e) => messageOf(e) === 'no exception, just an error record');
    expect(message).toMatchObject({ level: 'error', tags: { path: '/msg', log_record: recordKind } });
    expect(message?.contexts?.trace?.trace_id).toBe(traces.get('/msg'));
  },
);
