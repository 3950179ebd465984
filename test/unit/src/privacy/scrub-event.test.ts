import { afterEach, describe, expect, test } from 'vitest';
import { scrubEvent } from '../../../../src/event/scrub.js';
import * as Sentry from '../../../../src/index.js';
import type { Event } from '../../../../src/protocol/types.js';
import { Scope } from '../../../../src/scope.js';
import { getState } from '../../../../src/state.js';
import { createScrubRules, DEFAULT_RULES, FILTERED } from '../../../../src/utils/scrub-rules.js';
import { breadcrumbsOf } from '../../../helpers/event-fields.js';
import { createRecordingTransport } from '../../../helpers/recording-transport.js';

const KEY = '0123456789abcdef0123456789abcdef';
const DSN = `https://${KEY}@sentry.example.com/1`;

afterEach(async () => {
  await Sentry.close(0);
  const state = getState();
  state.globalScope = new Scope();
  state.defaultIsolationScope = new Scope();
  state.defaultCurrentScope = new Scope();
});

function setup(options: Sentry.Options = {}) {
  const { factory, transport } = createRecordingTransport();
  Sentry.init({ dsn: DSN, transport: factory, defaultIntegrations: false, ...options });
  return transport;
}

describe('scrubEvent', () => {
  test('an event with nothing to filter is returned as is, not copied', () => {
    const event: Event = {
      logentry: { formatted: 'hello https://a.com/x?page=1' },
      extra: { a: { b: [1, 'two'] } },
      tags: { region: 'eu' },
      contexts: { app: { name: 'x' } },
      breadcrumbs: [{ message: 'm', data: { url: 'https://a.com', status: 200 } }],
    };
    const out = scrubEvent(event, DEFAULT_RULES);
    expect(out).toBe(event);
  });

  test('only the changed path is copied; the input is not mutated', () => {
    const untouched = { deep: { x: 1 } };
    const event: Event = { extra: { untouched, auth: { password: 'p', user: 'u' } } };
    const out = scrubEvent(event, createScrubRules({ allowKeys: ['auth'] }));
    expect(out).not.toBe(event);
    expect(out.extra?.untouched).toBe(untouched);
    expect(out.extra?.auth).toEqual({ password: FILTERED, user: 'u' });
    expect(event.extra?.auth).toEqual({ password: 'p', user: 'u' });
  });

  test('a context named like a secret keeps its fields; its secret fields are filtered', () => {
    const out = scrubEvent({ contexts: { session: { id: '1', token: 't' } } }, DEFAULT_RULES);
    expect(out.contexts?.session).toEqual({ id: '1', token: FILTERED });
  });

  test("package names in modules are not keys (a package called 'jsonwebtoken' keeps its version)", () => {
    const out = scrubEvent({ modules: { jsonwebtoken: '9.0.0' } }, DEFAULT_RULES);
    expect(out.modules).toEqual({ jsonwebtoken: '9.0.0' });
  });
});

describe('every field of a sent event is scrubbed after beforeSend', () => {
  test('extra, contexts, tags, user, breadcrumb data, request, exception values and messages', async () => {
    const transport = setup({
      beforeSend(event) {
        event.extra = { ...event.extra, addedInBeforeSend: { apiKey: 'k-123' } };
        return event;
      },
    });
    Sentry.setExtra('db', { url: 'postgres://admin:hunter2@db/app', password: 'hunter2' });
    Sentry.setContext('payment', { cardNumber: '4111', stripe_secret: 'sk_live' });
    Sentry.setTag('session_id', 's-1');
    Sentry.setTag('region', 'eu');
    Sentry.setUser({ id: '42', email: 'a@b.c', password: 'p' } as Sentry.User);
    Sentry.addBreadcrumb({
      message: 'GET https://u:p@api.com/x?token=t1',
      data: { Authorization: 'Bearer x' },
    });
    Sentry.captureEvent({
      logentry: { formatted: 'fail' },
      request: {
        url: 'https://a.com/x',
        query_string: 'access_token=abc&page=2',
        headers: { 'X-Auth-Token': 't' },
      },
    });
    Sentry.captureException(new Error('cannot reach redis://:s3cret@cache:6379'));
    await Sentry.flush(1000);
    const [first, second] = transport.events();
    expect(first?.extra).toEqual({
      db: { url: `postgres://${FILTERED}@db/app`, password: FILTERED },
      addedInBeforeSend: { apiKey: FILTERED },
    });
    expect(first?.contexts?.payment).toEqual({ cardNumber: '4111', stripe_secret: FILTERED });
    expect(first?.tags).toEqual({ session_id: FILTERED, region: 'eu' });
    expect(first?.user).toEqual({ id: '42', email: 'a@b.c', password: FILTERED });
    expect(breadcrumbsOf(first)[0]).toMatchObject({
      message: `GET https://${FILTERED}@api.com/x?token=${FILTERED}`,
      data: { Authorization: FILTERED },
    });
    expect(first?.request).toMatchObject({
      query_string: `access_token=${FILTERED}&page=2`,
      headers: { 'X-Auth-Token': FILTERED },
    });
    expect(second?.exception?.values[0]?.value).toBe(`cannot reach redis://${FILTERED}@cache:6379`);
  });

  test('denyKeys and allowKeys apply; sendDefaultPii keeps the rest but not denyKeys', async () => {
    const transport = setup({ sendDefaultPii: true, denyKeys: ['ssn'], allowKeys: [] });
    Sentry.setExtra('user_ssn', '078-05-1120');
    Sentry.setExtra('password', 'kept-with-pii');
    Sentry.captureMessage('m');
    await Sentry.flush(1000);
    expect(transport.events()[0]?.extra).toEqual({ user_ssn: FILTERED, password: 'kept-with-pii' });
  });

  test('allowKeys keep a value the defaults would filter', async () => {
    const transport = setup({ allowKeys: [/^prompt_tokens$/] });
    Sentry.setExtra('prompt_tokens', 812);
    Sentry.setExtra('token', 't');
    Sentry.captureMessage('m');
    await Sentry.flush(1000);
    expect(transport.events()[0]?.extra).toEqual({ prompt_tokens: 812, token: FILTERED });
  });

  test("the DSN's key never appears in an event, even with sendDefaultPii", async () => {
    const transport = setup({ sendDefaultPii: true });
    Sentry.setExtra('env', { SENTRY_DSN: DSN });
    Sentry.addBreadcrumb({ message: `configured ${KEY}` });
    Sentry.captureException(new Error(`bad dsn ${DSN}`));
    await Sentry.flush(1000);
    const [event] = transport.events();
    expect(JSON.stringify(event)).not.toContain(KEY);
    expect(event?.exception?.values[0]?.value).toBe(`bad dsn https://${FILTERED}@sentry.example.com/1`);
  });

  test('invalid denyKeys / allowKeys warn and fall back to the defaults', async () => {
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    let transport: ReturnType<typeof setup>;
    try {
      transport = setup({ denyKeys: 'ssn' as unknown as string[], allowKeys: [{}] as unknown as string[] });
    } finally {
      console.warn = original;
    }
    expect(warnings.map((w) => w.join(' '))).toEqual(
      expect.arrayContaining([expect.stringContaining('denyKeys'), expect.stringContaining('allowKeys')]),
    );
    Sentry.setExtra('password', 'p');
    Sentry.captureMessage('m');
    await Sentry.flush(1000);
    expect(transport.events()[0]?.extra).toEqual({ password: FILTERED });
  });
});
