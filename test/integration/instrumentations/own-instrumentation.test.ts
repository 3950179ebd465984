// withSentryHooks / withSentryUndiciHooks: our hooks inside the app's own instrumentations.
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { Event } from '../../../src/protocol/types.js';
import { breadcrumbsOf } from '../../helpers/event-fields.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';
import { marks } from './marks.js';

const fixture = fileURLToPath(new URL('./fixtures/own-instrumentation.cjs', import.meta.url));

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await receiver.close();
});

test.each([
  ['app hooks that work', {}],
  ['app hooks that throw', { USER_HOOK_THROWS: '1' }],
])('one span per request, both hooks run: %s', async (_name, env) => {
  const result = await runScenario(fixture, { env: { DSN: receiver.dsn, ...env } });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const out = marks(result.stdout);
  expect(out.get('flushed')).toEqual([true]);
  expect(out.get('client-spans')).toEqual([['/f1', '/f2', '/h1', '/h2', '/h3']]);
  expect(out.get('server-spans')).toEqual([5]);
  // The http hooks also run for the 5 incoming requests (server side), but not for the SDK's
  // envelope POST: its own HTTP client does not go through node:http, so no instrumentation sees it.
  expect(out.get('calls')).toEqual([
    { httpRequest: 8, httpResponse: 8, undiciRequest: 2, undiciResponse: 2 },
  ]);
  expect(out.get('app-attribute')).toEqual([3]);

  const [event] = (await receiver.waitForEvents(1)) as [Event];
  const crumbs = breadcrumbsOf(event).filter((b) => b.category === 'http');
  expect(crumbs.map((c) => new URL(String(c.data?.url)).pathname)).toEqual([
    '/h1',
    '/h2',
    '/h3',
    '/f1',
    '/f2',
  ]);
  expect(crumbs.every((c) => c.data?.status_code === 200)).toBe(true);
});
