// Hono on @hono/node-server with setupHonoErrorHandler(app): errors of routes, middleware and
// mounted sub-apps captured once each with the route pattern, whether the app's onError was set
// before or after the setup; thrown non-Errors (which skip Hono's error handler) too; the app
// answers exactly as it does without the SDK.
import { beforeAll, describe, expect, test } from 'vitest';
import {
  eventFor,
  expectIsolated,
  expectRouteError,
  expectScrubbedRequest,
  runWay,
  type WayResult,
} from './framework-run.js';

const framework = 'hono';
const ROUTES: Record<string, [string, string]> = {
  'user 42 failed': ['GET /users/:id', 'UserError'],
  'async 7': ['GET /async/:id', 'UserError'],
  'weird status': ['GET /weird-status', 'Error'],
  'hook failed': ['GET /hook', 'Error'],
  'item 9 failed': ['GET /api/items/:id', 'UserError'],
};
/** Thrown non-Errors: seen where app.fetch rejects, before any route is known. */
const NON_ERRORS = [
  'a thrown string',
  'null', // as @sentry/node describes a thrown null
  'getter object', // an object's `message`, as @sentry/node describes it
];

let baseline: WayResult;
beforeAll(async () => {
  baseline = await runWay('hono.cjs', { WAY: 'none' });
});

function expectCommon(result: WayResult, teapot: boolean): void {
  expect(result.events).toHaveLength(Object.keys(ROUTES).length + NON_ERRORS.length + 8 + (teapot ? 1 : 0));
  for (const [message, [transaction, type]] of Object.entries(ROUTES)) {
    expectRouteError(eventFor(result.events, message), { framework, transaction, type });
  }
  for (const message of NON_ERRORS) {
    const event = eventFor(result.events, message);
    expect(event.exception?.values?.[0]?.mechanism).toMatchObject({ type: 'auto.http.hono', handled: false });
    expect(event.request?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/(string|null|getter)$/);
  }
  const messages = result.events.map((e) => e.exception?.values?.[0]?.value);
  expect(messages).not.toContain('bad input');
  expect(messages.includes('short and stout')).toBe(teapot);
  expect(JSON.stringify(result.events)).not.toMatch(/Not Found/);
  expectScrubbedRequest(eventFor(result.events, 'user 42 failed'));
  expectIsolated(result, '/users/:id');
  expect(result.answers).toEqual(baseline.answers);
  expect(result.marks.get('api')).toEqual(baseline.marks.get('api'));
}

describe.concurrent('hono', () => {
  test('init() and the setup, onError set after it, shouldHandleError', async () => {
    const result = await runWay('hono.cjs', { WAY: 'init', ONERROR: 'after', SETUP_OPTIONS: '1' });
    expectCommon(result, true);
    expect(eventFor(result.events, 'user 42 failed').extra).toMatchObject({ original: 'UserError' });
    expect(eventFor(result.events, 'a thrown string').extra).toMatchObject({ original: 'string' });
  });

  test('the preload and the setup', async () => {
    expectCommon(await runWay('hono.cjs', { WAY: 'preload' }, ['--require', 'otel-sentry/preload']), false);
  });

  test("the app's own NodeSDK, onError set before the setup", async () => {
    expectCommon(await runWay('hono.cjs', { WAY: 'sdk', ONERROR: 'before' }), false);
  });
});
