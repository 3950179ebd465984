// The four ways in, each a runnable example in examples/<way>/, run in a child process against the
// Sentry-compatible receiver (which validates every event against Sentry's schema).
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Event, ExceptionValue } from '../../../src/protocol/types.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';
import { type Collector, startCollector } from './collector.js';
import { REPO, runDir, runnable } from './package.js';

const example = (way: string, file: string) => runnable(join(REPO, 'examples', way, file));
const fixture = (file: string) => runnable(join(REPO, 'test/integration/otel/fixtures', file));

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  expect(receiver.problems).toEqual([]);
  await receiver.close();
});

function top(event: Event | undefined): ExceptionValue | undefined {
  return event?.exception?.values.at(-1);
}

function expectSpanLinked(event: Event | undefined): void {
  expect(event?.contexts?.trace?.trace_id).toMatch(/^[0-9a-f]{32}$/);
  expect(event?.contexts?.trace?.span_id).toMatch(/^[0-9a-f]{16}$/);
  expect(event?.contexts?.otel).toMatchObject({
    attributes: expect.any(Object),
    resource: expect.any(Object),
  });
}

async function run(file: string, env: Record<string, string | undefined>, nodeArgs: string[] = []) {
  const result = await runScenario(file, { env, nodeArgs, cwd: runDir(file), timeoutMs: 20_000 });
  expect(result.stderr).not.toMatch(/Error|warn/i);
  expect(result.code).toBe(0);
  return result;
}

describe('ways in', () => {
  it('a. init({ dsn }) alone sets up OpenTelemetry and reports span exceptions', async () => {
    const file = example('init-only', 'app.mjs');
    const instrument = example('init-only', 'instrument.mjs');
    const result = await run(file, { SENTRY_DSN: receiver.dsn }, ['--import', instrument]);
    expect(result.stdout).toContain('GET /orders -> 502');
    const [event, ...rest] = await receiver.waitForEvents(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(rest).toHaveLength(0);
    // undici's connection error as thrown (the original object, with its own properties).
    expect(event?.exception?.values).toHaveLength(1);
    expect(top(event)).toMatchObject({
      type: 'Error',
      value: 'connect ECONNREFUSED 127.0.0.1:2',
      mechanism: { type: 'auto.otel.span', handled: false },
    });
    expect(event?.contexts?.Error).toMatchObject({ code: 'ECONNREFUSED', port: 2 });
    expectSpanLinked(event);
    // Errors only, spans are not recorded: the fetch span has ids, but no attributes to show.
    expect(event?.contexts?.otel).toEqual({ attributes: {}, resource: {} });
    // Breadcrumbs and the request's isolation scope come from otel-sentry's instrumentations.
    expect(event?.transaction).toBe('GET /orders');
    expect(event?.release).toBe('example-init-only@1.0.0');
  });

  it('b. the app NodeSDK with SentrySpanProcessor and sentryInstrumentations()', async () => {
    const file = example('node-sdk', 'app.cjs');
    const result = await run(file, { SENTRY_DSN: receiver.dsn }, [
      '--require',
      example('node-sdk', 'instrument.cjs'),
    ]);
    expect(result.stdout).toContain('GET /checkout -> 500');
    const events = await receiver.waitForEvents(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.events()).toHaveLength(1);
    const [event] = events;
    expect(event?.exception?.values.map((v) => [v.type, v.value])).toEqual([
      ['Error', 'issuer unavailable'],
      ['PaymentError', 'card declined'],
    ]);
    expect(event?.contexts?.PaymentError).toEqual({ provider: 'acme-pay' });
    expectSpanLinked(event);
    expect(event?.request).toMatchObject({ method: 'GET' });
  });

  for (const [flag, file] of [
    ['--require', 'app.cjs'],
    ['--import', 'app.mjs'],
  ] as const) {
    it(`c. node ${flag} otel-sentry/preload ${file}, configured by the environment`, async () => {
      const app = example('preload', file);
      const result = await run(
        app,
        { SENTRY_DSN: receiver.dsn, SENTRY_RELEASE: 'preload@2', SENTRY_ENVIRONMENT: 'staging' },
        [flag, 'otel-sentry/preload'],
      );
      expect(result.stdout).toContain('GET / -> 502');
      const [event] = await receiver.waitForEvents(1);
      expect(top(event)).toMatchObject({
        type: 'Error',
        value: 'connect ECONNREFUSED 127.0.0.1:1',
        mechanism: { type: 'auto.otel.span' },
      });
      expect(event?.contexts?.Error).toMatchObject({ code: 'ECONNREFUSED', syscall: 'connect' });
      expect(event).toMatchObject({ release: 'preload@2', environment: 'staging' });
      expectSpanLinked(event);
    });
  }

  it('c. the preload without SENTRY_DSN sets nothing up', async () => {
    const app = example('preload', 'app.cjs');
    const result = await run(app, { SENTRY_DSN: '' }, ['--require', 'otel-sentry/preload']);
    expect(result.stdout).toContain('GET / -> 502');
    expect(receiver.requests).toHaveLength(0);
  });

  describe('d. beside an existing OTLP pipeline', () => {
    let collector: Collector;
    beforeEach(async () => {
      collector = await startCollector();
    });
    afterEach(async () => {
      expect(collector.problems).toEqual([]);
      await collector.close();
    });

    async function exported(instrument: string, env: Record<string, string>) {
      collector.spans.length = 0;
      const app = example('otlp-collector', 'app.cjs');
      const otlp = {
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
      };
      const result = await run(app, { ...otlp, OTEL_TRACES_EXPORTER: 'otlp', ...env }, [
        '--require',
        instrument,
      ]);
      expect(result.stdout).toContain('statuses 502,200,200,200,200');
      return collector.spans
        .map((s) => `${s.kind}:${s.name}:${s.events?.map((e) => e.name).join('+') ?? ''}`)
        .sort();
    }

    it('exports the same spans with and without otel-sentry, and adds the Sentry events', async () => {
      const without = await exported(fixture('otlp-baseline-instrument.cjs'), {});
      const unset = await exported(example('otlp-collector', 'instrument.cjs'), { SENTRY_DSN: '' });
      expect(receiver.requests).toHaveLength(0);
      const withSentry = await exported(example('otlp-collector', 'instrument.cjs'), {
        SENTRY_DSN: receiver.dsn,
      });
      // 5 server spans, 5 client spans, 1 failed client span: 11, with otel-sentry's own requests untraced.
      expect(without).toHaveLength(11);
      expect(unset).toEqual(without);
      expect(withSentry).toEqual(without);
      const [event] = await receiver.waitForEvents(1);
      expect(top(event)?.value).toBe('connect ECONNREFUSED 127.0.0.1:1');
      expectSpanLinked(event);
      const failed = collector.spans.find((s) => s.events?.some((e) => e.name === 'exception'));
      expect(event?.contexts?.trace).toMatchObject({ trace_id: failed?.traceId, span_id: failed?.spanId });
    });
  });
});
