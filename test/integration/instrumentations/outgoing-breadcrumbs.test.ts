// Outgoing http/fetch breadcrumbs, end to end: real instrumentations in a child process, events
// received over HTTP by a Sentry-compatible receiver.
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Breadcrumb, Event } from '../../../src/protocol/types.js';
import { breadcrumbsOf } from '../../helpers/event-fields.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';
import { marks } from './marks.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await receiver.close();
});

async function run(env: Record<string, string> = {}) {
  const result = await runScenario(fixture('outgoing.cjs'), { env: { DSN: receiver.dsn, ...env } });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const events = await receiver.waitForEvents(2);
  const final = events.find((e) => e.exception?.values?.[0]?.value === 'final') as Event;
  expect(final).toBeDefined();
  expect(receiver.problems.filter((p) => p.startsWith('schema'))).toEqual([]);
  const crumbs = breadcrumbsOf(final).filter((b) => b.category === 'http');
  return { result, crumbs: crumbs.map(({ timestamp: _, ...rest }) => rest), out: marks(result.stdout) };
}

function expected(port: (path: string) => string): Breadcrumb[] {
  return [
    {
      type: 'http',
      category: 'http',
      data: {
        url: `${port('/ok')}`,
        method: 'GET',
        status_code: 200,
        reason: 'OK',
        'http.query': '?token=[Filtered]&page=2',
        'http.fragment': '#frag',
      },
    },
    {
      type: 'http',
      category: 'http',
      level: 'warning',
      data: { url: port('/missing'), method: 'POST', status_code: 404, reason: 'Not Found' },
    },
    {
      type: 'http',
      category: 'http',
      level: 'error',
      data: {
        url: port('/boom'),
        method: 'GET',
        status_code: 500,
        reason: 'Internal Server Error',
        'http.query': '?q=1',
      },
    },
    // fetch drops the fragment before undici sees the request.
    {
      type: 'http',
      category: 'http',
      data: {
        url: port('/ok'),
        method: 'GET',
        status_code: 200,
        reason: 'OK',
        'http.query': '?api_key=[Filtered]',
      },
    },
    {
      type: 'http',
      category: 'http',
      level: 'error',
      data: { url: 'REFUSED/down', method: 'GET', reason: 'ECONNREFUSED' },
    },
    {
      type: 'http',
      category: 'http',
      level: 'error',
      data: { url: 'REFUSED/down', method: 'GET', reason: 'ECONNREFUSED' },
    },
    {
      type: 'http',
      category: 'http',
      level: 'error',
      data: { url: 'http://nothing.invalid/dns', method: 'GET', reason: 'ENOTFOUND' },
    },
    {
      type: 'http',
      category: 'http',
      level: 'error',
      data: { url: port('/slow'), method: 'GET', reason: 'request timed out' },
    },
    {
      type: 'http',
      category: 'http',
      level: 'error',
      data: { url: port('/slow'), method: 'GET', reason: 'The operation was aborted due to timeout' },
    },
  ];
}

function normalize(crumbs: Breadcrumb[]): { crumbs: Breadcrumb[]; base: string } {
  const first = String(crumbs[0]?.data?.url ?? '');
  const base = first.replace(/\/ok$/, '');
  const refused = crumbs.find((c) => String(c.data?.url).endsWith('/down'));
  const refusedBase = String(refused?.data?.url ?? '').replace(/\/down$/, '');
  return {
    base,
    crumbs: crumbs.map((c) => ({
      ...c,
      data: { ...c.data, url: String(c.data?.url).replace(refusedBase, 'REFUSED') },
    })),
  };
}

describe('outgoing requests become breadcrumbs', () => {
  test.each<[string, Record<string, string>]>([
    ['sampled spans', {}],
    ['unsampled (non-recording) spans', { SAMPLER: 'off' }],
  ])('one breadcrumb per request with exact data, %s', async (_name, env) => {
    const { crumbs, out } = await run(env);
    const { crumbs: got, base } = normalize(crumbs);
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(got).toEqual(expected((path) => `${base}${path}`));
    expect(out.get('results')).toEqual([
      [
        200,
        404,
        500,
        200,
        'ECONNREFUSED',
        'ECONNREFUSED',
        'ENOTFOUND',
        'request timed out',
        'TimeoutError',
        200,
        404,
      ],
    ]);
    expect(out.get('flushed')).toEqual([true]);
    const spans = out.get('spans')?.[0];
    if (env.SAMPLER === 'off') expect(spans).toBe(0);
    else expect(spans).toBeGreaterThan(9);
  });

  test('the hint carries the library objects', async () => {
    const { out } = await run();
    const hints = out.get('hint') as Record<string, unknown>[];
    expect(hints).toHaveLength(9);
    const byEvent = (e: string) => hints.filter((h) => h.event === e);
    expect(byEvent('response')).toHaveLength(4);
    expect(byEvent('error')).toHaveLength(5);
    // http: ClientRequest + IncomingMessage; fetch: undici's request + response objects.
    expect(hints[0]).toMatchObject({ clientRequest: true, incomingMessage: true, error: false });
    expect(hints[1]).toMatchObject({ clientRequest: true, incomingMessage: true });
    expect(hints[2]).toMatchObject({ undiciRequest: true, undiciResponse: true, clientRequest: false });
    expect(hints[3]).toMatchObject({ undiciRequest: true, undiciResponse: true });
    expect(hints[4]).toMatchObject({ clientRequest: true, incomingMessage: false, error: true });
    expect(hints[5]).toMatchObject({ undiciRequest: true, undiciResponse: false, error: true });
  });

  test("the SDK's own envelope POSTs and requests to the DSN host never appear", async () => {
    const { crumbs } = await run();
    expect(receiver.requests.length).toBeGreaterThanOrEqual(2);
    const urls = crumbs.map((c) => String(c.data?.url));
    expect(urls.some((u) => u.startsWith(receiver.url))).toBe(false);
    expect(urls.some((u) => u.includes('/suppressed'))).toBe(false);
  });

  test('a throwing beforeBreadcrumb never reaches the app; the breadcrumbs are kept', async () => {
    const { crumbs, out } = await run({ THROWING_BEFORE_BREADCRUMB: '1' });
    expect(crumbs).toHaveLength(9);
    expect(out.get('results')?.[0]).toHaveLength(11);
  });
});
