// Restify 11 with otel-sentry: every error a server answers with an error response (next(err),
// async rejections, middleware) captured once, with the route, from the wrapped
// Server#_onHandlerError; the restify instrumentation's spans add no duplicates.
import { beforeAll, describe, expect, test } from 'vitest';
import {
  eventFor,
  expectIsolated,
  expectRouteError,
  expectScrubbedRequest,
  runWay,
  type WayResult,
} from './framework-run.js';
import { restifyRuns } from './restify-support.js';

const framework = 'restify';
// Restify reads process.binding('http_parser') on Node 20: a deprecation warning on stderr.
const NODE_ARGS = ['--no-deprecation'];
const ROUTES: Record<string, [string, string]> = {
  'user 42 failed': ['GET /users/:id', 'UserError'],
  'async 7': ['GET /async/:id', 'UserError'],
  'a thrown string': ['GET /string', 'Error'],
  null: ['GET /null', 'Error'], // as @sentry/node describes a thrown null
  "'HostileError' captured as exception with message 'getter object'": ['GET /getter', 'Error'],
  'weird status': ['GET /weird-status', 'Error'],
  'hook failed': ['GET /hook', 'Error'],
  'rejected after the reply was sent': ['GET /sent-then-reject', 'Error'],
};

let baseline: WayResult;
beforeAll(async () => {
  baseline = await runWay('restify.cjs', { WAY: 'none' }, NODE_ARGS);
});

function expectCommon(result: WayResult, teapot: boolean): void {
  expect(result.events).toHaveLength(Object.keys(ROUTES).length + 8 + (teapot ? 1 : 0));
  for (const [message, [transaction, type]] of Object.entries(ROUTES)) {
    expectRouteError(eventFor(result.events, message), { framework, transaction, type });
  }
  const messages = result.events.map((e) => e.exception?.values?.[0]?.value);
  expect(messages).not.toContain('bad input');
  expect(messages.includes('short and stout')).toBe(teapot);
  // Source lines left out: restify's own code around a frame names AsyncError.
  const source = new Set(['pre_context', 'context_line', 'post_context']);
  const data = JSON.stringify(result.events, (key, value) => (source.has(key) ? undefined : value));
  expect(data).not.toMatch(/does not exist|AsyncError/);
  expectScrubbedRequest(eventFor(result.events, 'user 42 failed'));
  expectIsolated(result, '/users/:id');
  expect(result.answers).toEqual(baseline.answers);
  expect(result.marks.get('sent-then-reject')).toEqual([200]);
}

describe.runIf(restifyRuns).concurrent('restify', () => {
  test('init() alone: no setup needed, the original error on the hint', async () => {
    const result = await runWay('restify.cjs', { WAY: 'init' }, NODE_ARGS);
    expectCommon(result, false);
    expect(eventFor(result.events, 'user 42 failed').extra).toMatchObject({ original: 'UserError' });
    expect(eventFor(result.events, 'a thrown string').extra).toMatchObject({ original: 'string' });
  });

  test('the preload', async () => {
    expectCommon(
      await runWay('restify.cjs', { WAY: 'preload' }, [...NODE_ARGS, '--require', 'otel-sentry/preload']),
      false,
    );
  });

  test("the app's own NodeSDK with sentryInstrumentations(), and shouldHandleError", async () => {
    expectCommon(await runWay('restify.cjs', { WAY: 'sdk', SETUP: '1' }, NODE_ARGS), true);
  });

  test('setupRestifyErrorHandler on a server made before init()', async () => {
    expectCommon(await runWay('restify.cjs', { WAY: 'late', SETUP: '1' }, NODE_ARGS), true);
  });
});
