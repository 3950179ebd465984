// Every JavaScript sample in the README runs, as a user would paste it, against a local receiver.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SerializedLog } from '../../../src/logs/types.js';
import type { Event, SerializedCheckIn, SerializedMetric } from '../../../src/protocol/types.js';
import { breadcrumbsOf, messageOf } from '../../helpers/event-fields.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const samples = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1] as string);
// Inside the package, so `import 'otel-sentry'` resolves to this package's build.
const dir = fileURLToPath(new URL('./.tmp/', import.meta.url));

/**
 * What each sample must have sent, found by a string only that sample contains (so a section can
 * go anywhere in the README).
 */
/** Besides events, what a sample sent of the other item types. */
interface Sent {
  metrics: SerializedMetric[];
  checkIns: SerializedCheckIn[];
  logs: SerializedLog[];
}

const expectations: [marker: string, check: (events: Event[], sent: Sent) => void][] = [
  [
    "setTag('service', 'checkout')",
    (events) => {
      expect(events).toHaveLength(1);
      expect(events[0]?.tags).toEqual({ service: 'checkout', step: 'parse' });
      expect(breadcrumbsOf(events[0]).map((b) => b.message)).toContain('cart loaded');
    },
  ],
  ['instrumentations: [...sentryInstrumentations()]', (events) => expect(events).toHaveLength(0)],
  [
    "'user-7'",
    (events) => {
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ level: 'warning', user: { id: 'user-7' }, tags: { attempt: 2 } });
    },
  ],
  [
    'nightly-report',
    (events) => {
      // The tracing sample: the message is linked to the job's span.
      expect(events).toHaveLength(1);
      expect(messageOf(events[0])).toBe('report ready (traced)');
      expect(events[0]?.contexts?.trace?.span_id).toMatch(/^[0-9a-f]{16}$/);
    },
  ],
  [
    'stuck in checkout',
    (events) => {
      // Event shape: @sentry/node's forms on the wire, valid once Relay's rewrites apply.
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        logentry: { message: 'order %s stuck in checkout', params: ['o-42'] },
        tags: { attempt: 2 },
        fingerprint: ['retry', 'order %s stuck in checkout'],
      });
      expect(events[0]?.breadcrumbs).toEqual([expect.objectContaining({ message: 'checkout started' })]);
    },
  ],
  [
    'ExpectedTimeout',
    (events) => {
      expect(events.map((e) => e.exception?.values.at(-1)?.value)).toEqual(['kept']);
      const messages = breadcrumbsOf(events[0]).map((b) => b.message) ?? [];
      expect(messages.some((m) => m?.startsWith('verbose'))).toBe(false);
    },
  ],
  [
    "name: 'Region'",
    (events) => {
      expect(events).toHaveLength(1);
      expect(events[0]?.tags).toEqual({ region: 'local' });
      expect(events[0]?.sdk?.integrations).toEqual(
        expect.arrayContaining(['Region', 'OnUnhandledRejection']),
      );
    },
  ],
  [
    'Sentry.setupKoaErrorHandler(app)',
    (events) => {
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        transaction: 'GET /users/:id',
        transaction_info: { source: 'route' },
      });
      expect(events[0]?.exception?.values.at(-1)).toMatchObject({
        value: 'user 42 not loaded',
        mechanism: { type: 'auto.http.koa', handled: false },
      });
    },
  ],
  [
    "app.get('/orders/:id'",
    (events) => {
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        transaction: 'GET /orders/:id',
        transaction_info: { source: 'route' },
      });
      expect(events[0]?.exception?.values.at(-1)?.mechanism).toMatchObject({
        type: 'auto.http.fastify',
        handled: false,
      });
    },
  ],
  [
    "pino({ name: 'checkout' })",
    (events) => {
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ logger: 'checkout', level: 'error', tags: { order: 'o-1' } });
      expect(messageOf(events[0])).toBe('payment failed');
      expect(events[0]?.exception?.values.at(-1)?.value).toBe('card declined');
      const crumb = breadcrumbsOf(events[0]).find((b) => b.message === 'cart loaded');
      expect(crumb).toMatchObject({ category: 'checkout', level: 'info', data: { items: 3 } });
    },
  ],
  [
    'Sentry.setupExpressErrorHandler(app); // after the routes',
    (events) => {
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        transaction: 'GET /users/:id',
        transaction_info: { source: 'route' },
      });
      expect(events[0]?.exception?.values.at(-1)?.mechanism).toEqual({
        type: 'auto.http.express',
        handled: false,
      });
    },
  ],
  [
    "allowKeys: ['prompt_tokens']",
    (events) => {
      // Privacy: denyKeys / allowKeys.
      expect(events).toHaveLength(1);
      expect(events[0]?.extra).toEqual({ user_ssn: '[Filtered]', prompt_tokens: 812 });
    },
  ],
  [
    "'resize-image'",
    (events) => {
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        tags: { image: 'b2' },
        contexts: { job: { name: 'resize-image', queue: 'images' } },
      });
      expect(events[0]?.exception?.values.at(-1)?.mechanism?.type).toBe('auto.queue.wrap_job');
    },
  ],
  [
    'wrapLambdaHandler(async',
    (events) => {
      expect(events).toHaveLength(1);
      expect(events[0]?.contexts?.['aws.lambda']).toMatchObject({
        function_name: 'orders',
        aws_request_id: 'req-1',
      });
      expect(events[0]?.exception?.values.at(-1)?.mechanism?.type).toBe('auto.function.aws_lambda');
    },
  ],
  [
    "Sentry.logger.info('cart loaded'",
    (events, { logs }) => {
      // Sentry Logs: typed attributes, the user, templates; beforeSendLog dropped the secret one.
      expect(events).toHaveLength(0);
      expect(logs.map((l) => [l.level, l.body])).toEqual([
        ['info', 'cart loaded'],
        ['warn', 'payment of 59.9 retried for order o-17'],
        ['error', 'card visa declined (402)'],
      ]);
      expect(logs[0]?.attributes).toMatchObject({
        items: { type: 'integer', value: 3 },
        total: { type: 'double', value: 59.9 },
        express: { type: 'boolean', value: true },
        'user.id': { type: 'string', value: 'user-42' },
      });
      expect(logs[1]?.attributes['sentry.message.template']?.value).toBe(
        'payment of %s retried for order %s',
      );
      expect(logs[2]?.attributes['sentry.message.parameter.1']?.value).toBe(402);
    },
  ],
  [
    "startActiveSpan('charge card'",
    (events) => {
      // Send traces by OTLP: spans to the OTLP endpoint (the inbox acknowledges them), the error linked.
      expect(events).toHaveLength(1);
      expect(events[0]?.exception?.values.at(-1)?.value).toBe('card declined');
      expect(events[0]?.contexts?.trace).toMatchObject({
        trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
        span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
      });
    },
  ],
  [
    "'checkout.started'",
    (events, { metrics }) => {
      expect(events).toHaveLength(0);
      expect(metrics.map((m) => [m.name, m.type, m.value, m.unit])).toEqual([
        ['checkout.started', 'counter', 1, undefined],
        ['cart.items', 'gauge', 3, undefined],
        ['payment.latency', 'distribution', 182, 'millisecond'],
      ]);
      expect(metrics[0]?.attributes.plan).toEqual({ value: 'pro', type: 'string' });
      expect(metrics[0]?.attributes['sentry.release']).toEqual({ value: 'shop@2.0.0', type: 'string' });
      expect(metrics[2]?.span_id).toMatch(/^[0-9a-f]{16}$/);
    },
  ],
  [
    "'nightly-cleanup'",
    (events, { checkIns }) => {
      expect(events).toHaveLength(0);
      expect(checkIns.map((c) => [c.monitor_slug, c.status])).toEqual([
        ['nightly-cleanup', 'in_progress'],
        ['nightly-cleanup', 'ok'],
        ['import-feed', 'in_progress'],
        ['import-feed', 'ok'],
      ]);
      expect(checkIns[0]?.monitor_config).toMatchObject({
        schedule: { type: 'crontab', value: '0 3 * * *' },
        checkin_margin: 5,
        max_runtime: 30,
        timezone: 'Europe/Vienna',
      });
      expect(checkIns[3]).toMatchObject({ check_in_id: checkIns[2]?.check_in_id, duration: 1.2 });
    },
  ],
];

describe('README samples', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has an expectation for each sample, and a sample for each expectation', () => {
    for (const [marker] of expectations) {
      expect(
        samples.filter((code) => code.includes(marker)),
        marker,
      ).toHaveLength(1);
    }
    for (const code of samples) {
      expect(
        expectations.filter(([marker]) => code.includes(marker)),
        code.slice(0, 200),
      ).toHaveLength(1);
    }
  });

  samples.forEach((code, i) => {
    it(`sample ${i + 1} runs and sends what it says`, async () => {
      const file = `${dir}sample-${i + 1}.mjs`;
      writeFileSync(file, code);
      const before = receiver.events().length;
      const beforeMetrics = receiver.metrics().length;
      const beforeCheckIns = receiver.checkIns().length;
      const logsBefore = receiver.logs().length;
      const result = await runScenario(file, { env: { SENTRY_DSN: receiver.dsn, REGION: undefined } });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(receiver.problems).toEqual([]);
      expectations.find(([marker]) => code.includes(marker))?.[1](receiver.events().slice(before), {
        metrics: receiver.metrics().slice(beforeMetrics),
        checkIns: receiver.checkIns().slice(beforeCheckIns),
        logs: receiver.logs().slice(logsBefore),
      });
    });
  });
});
