// Incoming requests: one isolation scope each, for the request's whole lifetime, and the request
// data on their events, scrubbed by default.
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Event } from '../../../src/protocol/types.js';
import { breadcrumbsOf, messageOf } from '../../helpers/event-fields.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';
import { marks } from './marks.js';

const fixture = fileURLToPath(new URL('./fixtures/isolation.cjs', import.meta.url));
const COUNT = 20;

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await receiver.close();
});

async function run(env: Record<string, string> = {}): Promise<Event[]> {
  const result = await runScenario(fixture, { env: { DSN: receiver.dsn, ...env } });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const out = marks(result.stdout);
  expect(out.get('bodies-intact')).toEqual([true]);
  expect(out.get('flushed')).toEqual([true]);
  const events = await receiver.waitForEvents(COUNT * 2);
  expect(receiver.problems).toEqual([]);
  expect(events).toHaveLength(COUNT * 2);
  return events;
}

/** The request id an event was captured for, from its message or exception. */
function idOf(event: Event): string {
  const text = messageOf(event) ?? event.exception?.values?.[0]?.value ?? '';
  return /(\d+)$/.exec(text)?.[1] ?? '?';
}

describe.each([
  ['with OTel server spans', {}],
  ['without OTel server instrumentation', { OTEL_SERVER: 'off' }],
])('incoming request isolation, %s', (_name, env) => {
  test('each event sees only its own request: tags, user, breadcrumbs, request, transaction', async () => {
    const events = await run(env);
    for (const event of events) {
      const id = idOf(event);
      const inEnd = event.exception !== undefined;
      expect(event.tags).toEqual(inEnd ? { rid: id, 'saw-data': id } : { rid: id });
      expect(event.user).toEqual({ id });
      const crumbs = breadcrumbsOf(event);
      expect(crumbs.map((c) => c.message ?? c.data?.url)).toEqual([
        `start ${id}`,
        expect.stringMatching(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/b/${id}$`)),
        ...(inEnd ? [`end ${id}`] : []),
      ]);
      expect(event.request?.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/items/${id}$`));
      expect(event.transaction).toBe(`POST /items/${id}`);
    }
    const ids = new Set(events.map(idOf));
    expect(ids.size).toBe(COUNT);
  });

  test('the request data is scrubbed by default and carries no body', async () => {
    const events = await run(env);
    const event = events.find((e) => idOf(e) === '7' && e.exception) as Event;
    expect(event.request).toEqual({
      method: 'POST',
      url: expect.stringMatching(/\/items\/7$/),
      query_string: 'token=[Filtered]&n=7',
      headers: expect.objectContaining({
        cookie: '[Filtered]',
        authorization: '[Filtered]',
        'x-api-key': '[Filtered]',
        'x-forwarded-for': '[Filtered]',
        'x-real-ip': '[Filtered]',
        'x-request-id': 'r7',
        'content-type': 'application/json',
      }),
    });
    expect(JSON.stringify(events)).not.toMatch(/secret7|Bearer|sid=s7|10\.0\.0\.7/);
    expect(event.user?.ip_address).toBeUndefined();
  });
});

test('sendDefaultPii: true keeps headers, query and the client IP', async () => {
  const events = await run({ PII: '1' });
  const event = events.find((e) => idOf(e) === '3' && e.exception) as Event;
  expect(event.request?.query_string).toBe('token=t3&n=3');
  expect(event.request?.headers).toMatchObject({
    cookie: 'sid=s3',
    authorization: 'Bearer secret3',
    'x-api-key': 'k3',
    'x-forwarded-for': '10.0.0.3, 10.1.1.1',
  });
  expect(event.user).toEqual({ id: '3', ip_address: '10.0.0.3' });
  expect(event.request?.data).toBeUndefined();
});

test.each([
  ['small', 1000],
  ['medium', 10_000],
])('maxRequestBodySize %s captures the body the app read, bounded', async (size, limit) => {
  const events = await run({ BODY: size });
  for (const event of events) {
    const id = idOf(event);
    const body = JSON.stringify({ id: Number(id), password: `p${id}`, pad: 'x'.repeat(2000) });
    if (!event.exception) {
      expect(event.request?.data).toBeUndefined(); // captured before the app read the body
      continue;
    }
    expect(event.request?.data).toBe(body.length > limit ? `${body.slice(0, limit)}...` : body);
  }
});

test('with express instrumentation the event is named after the matched route', async () => {
  const result = await runScenario(fileURLToPath(new URL('./fixtures/express-route.cjs', import.meta.url)), {
    env: { DSN: receiver.dsn },
  });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(marks(result.stdout).get('statuses')).toEqual([[200, 200]]);
  const events = await receiver.waitForEvents(2);
  expect(receiver.problems).toEqual([]);
  for (const id of ['42', '43']) {
    const event = events.find((e) => e.exception?.values?.[0]?.value === `user ${id}`) as Event;
    expect(event.transaction).toBe('GET /users/:id');
    expect(event.transaction_info).toEqual({ source: 'route' });
    expect(event.tags).toEqual({ 'user-route': id });
    expect(event.request).toMatchObject({ method: 'GET', query_string: `q=${id}` });
    expect(event.request?.url).toMatch(new RegExp(`/users/${id}$`));
  }
});

test('at scale: 1 000 concurrent requests across awaits, timers, emitters, streams and fetch callbacks, zero leaks', async () => {
  const SCALE_COUNT = 1000;
  const result = await runScenario(fixture, { env: { DSN: receiver.dsn, SCALE: '1' }, timeoutMs: 90_000 });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(marks(result.stdout).get('flushed')).toEqual([true]);
  const events = await receiver.waitForEvents(SCALE_COUNT, 30_000);
  expect(receiver.problems).toEqual([]);
  expect(events).toHaveLength(SCALE_COUNT);
  const ways = ['timer', 'emitter', 'stream', 'fetch'];
  for (const event of events) {
    // Checked per event: everything on it names its own request and nothing is missing.
    const id = idOf(event);
    expect(event.tags).toEqual({ rid: id, 'saw-data': id, ...Object.fromEntries(ways.map((w) => [w, id])) });
    expect(event.user).toEqual({ id });
    const crumbs = breadcrumbsOf(event).map((c) => c.message ?? String(c.data?.url));
    expect(crumbs).toEqual([
      `start ${id}`,
      expect.stringMatching(new RegExp(`/b/${id}$`)),
      ...ways.slice(0, 3).map((w) => `${w} ${id}`),
      expect.stringMatching(new RegExp(`/f/${id}$`)),
      `fetch ${id}`,
      `end ${id}`,
    ]);
    expect(event.request?.url).toMatch(new RegExp(`/items/${id}$`));
  }
  expect(new Set(events.map(idOf)).size).toBe(SCALE_COUNT);
}, 120_000);
