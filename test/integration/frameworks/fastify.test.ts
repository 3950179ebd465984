// Fastify 5 with otel-sentry: errors of routes and hooks captured once each from the onError hook
// added to every new app (or by setupFastifyErrorHandler), with the route, the request data and
// the framework's unchanged answers, whichever way the SDK came in.
import { beforeAll, describe, expect, test } from 'vitest';
import {
  eventFor,
  expectIsolated,
  expectRouteError,
  expectScrubbedRequest,
  runWay,
  type WayResult,
} from './framework-run.js';

const framework = 'fastify';
/** The errors every way captures (besides the 8 concurrent `user 1xx failed`). */
const CAPTURED = [
  'user 42 failed',
  'async 7',
  'a thrown string',
  'weird status',
  'hook failed',
  'getter object', // an object's `message`, as @sentry/node describes it
];

let baseline: WayResult;
beforeAll(async () => {
  baseline = await runWay('fastify.cjs', { WAY: 'none' });
});

function expectCommon(result: WayResult): void {
  const messages = result.events.map((e) => e.exception?.values?.[0]?.value);
  for (const message of CAPTURED) expect(messages).toContain(message);
  // null: @fastify/otel reads `error.message` and Fastify answers that TypeError instead.
  expect(messages.filter((m) => /null/.test(m ?? ''))).toHaveLength(1);
  expect(result.events).toHaveLength(CAPTURED.length + 1 + 8 + (result.marks.has('teapot') ? 1 : 0));
  // Not captured: 4xx answers (400, 404, 418 by default), a rejection after the reply was sent.
  expect(messages).not.toContain('bad input');
  expect(messages).not.toContain('rejected after the reply was sent');
  expect(JSON.stringify(result.events)).not.toMatch(/not found/);

  const user = eventFor(result.events, 'user 42 failed');
  expectRouteError(user, { framework, transaction: 'GET /users/:id', type: 'UserError' });
  expectScrubbedRequest(user);
  expectRouteError(eventFor(result.events, 'async 7'), {
    framework,
    transaction: 'GET /async/:id',
    type: 'UserError',
  });
  expectRouteError(eventFor(result.events, 'hook failed'), {
    framework,
    transaction: 'GET /hook',
    type: 'Error',
  });
  expectRouteError(eventFor(result.events, 'weird status'), {
    framework,
    transaction: 'GET /weird-status',
    type: 'Error',
  });
  expectIsolated(result, '/users/:id');

  // The framework answers as it does without the SDK (a thrown null: the same status).
  const { '/null': nullAnswer, ...answers } = result.answers;
  const { '/null': baselineNull, ...baselineAnswers } = baseline.answers;
  expect(answers).toEqual(baselineAnswers);
  expect(nullAnswer?.status).toBe(baselineNull?.status);
  expect(result.marks.get('sent-then-reject')).toEqual([200]);
  expect(result.marks.get('setup-after-listen')).toEqual(['ok']);
}

describe.concurrent('fastify', () => {
  test('init() alone: route and hook errors, once each, with the original error', async () => {
    const result = await runWay('fastify.cjs', { WAY: 'init' });
    expectCommon(result);
    expect(eventFor(result.events, 'user 42 failed').extra).toMatchObject({ original: 'UserError' });
    expect(eventFor(result.events, 'a thrown string').extra).toMatchObject({ original: 'string' });
    expect(result.events.map((e) => e.exception?.values?.[0]?.value)).not.toContain('short and stout');
  });

  test('the preload', async () => {
    expectCommon(await runWay('fastify.cjs', { WAY: 'preload' }, ['--require', 'otel-sentry/preload']));
  });

  test("the app's own NodeSDK with sentryInstrumentations()", async () => {
    expectCommon(await runWay('fastify.cjs', { WAY: 'sdk' }));
  });

  test('setupFastifyErrorHandler on an app made before init(), with shouldHandleError', async () => {
    const result = await runWay('fastify.cjs', { WAY: 'late', SETUP: '1' });
    expectCommon({ ...result, marks: new Map([...result.marks, ['teapot', [true]]]) });
    const teapot = eventFor(result.events, 'short and stout');
    expectRouteError(teapot, { framework, transaction: 'GET /teapot', type: 'Error' });
  });
});
