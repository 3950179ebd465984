// NestJS 11 on express, on 127.0.0.1, with the SDK set up each way the README lists: what Nest's
// exception filters receive is captured once each (automatically through Nest's
// BaseExceptionFilter, or by setupNestErrorHandler / @SentryExceptionCaptured), HttpExceptions
// below 500 are not, Nest's responses and its logging stay as they were.
import { describe, expect, it } from 'vitest';
import { startReceiver } from '../../helpers/receiver.js';
import { byMessage, checkExample, expectUserEvents, type Run, runApp, USERS } from './error-contract.js';

const PRELOAD = ['--require', 'otel-sentry/preload'];
const ROUTE = '/users/:id';

/** The events every way in gives beside the users': the 503 and the bad-input routes'. */
const SERVER_ERRORS = ['maintenance', 'hostile getters', 'odd status', 'failed after the response'];
const EXPECTED = USERS + SERVER_ERRORS.length + 2; // + the string and the null

async function run(env: Record<string, string>, expected = EXPECTED, nodeArgs: string[] = []): Promise<Run> {
  const receiver = await startReceiver();
  try {
    return await runApp(receiver, 'nestjs.cjs', expected, env, nodeArgs);
  } finally {
    await receiver.close();
  }
}

function expectNestResponses(result: Run): void {
  const status = (path: string) => result.responses.get(path)?.status;
  for (let id = 1; id <= USERS; id++) expect(status(`/users/${id}`)).toBe(500);
  expect(result.responses.get('/ok')).toMatchObject({ status: 200, body: 'ok' });
  expect(result.responses.get('/bad-request')).toMatchObject({
    status: 400,
    body: expect.stringContaining('bad input'),
  });
  expect(status('/unavailable')).toBe(503);
  for (const path of ['/string', '/null', '/hostile', '/odd-status']) expect(status(path), path).toBe(500);
  expect(result.responses.get('/after-response')).toMatchObject({ status: 200, body: 'sent' });
}

function expectServerErrors(result: Run): void {
  for (const message of SERVER_ERRORS) {
    const events = byMessage(result.events, message);
    expect(events, message).toHaveLength(1);
    expect(events[0]?.exception?.values.at(-1)?.mechanism, message).toMatchObject({
      type: 'auto.http.nestjs',
      handled: false,
    });
  }
  expect(byMessage(result.events, 'maintenance')[0]?.transaction).toBe('GET /unavailable');
  // `throw 'a plain string'` and `throw null`: one event each
  expect(byMessage(result.events, 'a plain string')).toHaveLength(1);
  expect(result.events.filter((e) => e.transaction === 'GET /null')).toHaveLength(1);
  expect(byMessage(result.events, 'bad input')).toEqual([]);
  expect(result.events).toHaveLength(EXPECTED);
}

describe.concurrent('nestjs', () => {
  it('init() alone: one event per server error, none for 4xx, responses and Nest logging unchanged', async () => {
    const result = await run({ WAY: 'init' });
    expectNestResponses(result);
    expectUserEvents(result, 'nestjs', ROUTE);
    expectServerErrors(result);
    expect(result.stderr).toMatch(/ExceptionsHandler.*UserError: user 1 failed/); // Nest's own log
    expect(result.badSetup).toEqual([null, null, 'ok']);
    expect(result.stderr).toContain('setupNestErrorHandler: expected a Nest application');
  });

  it('the preload, with no code changes', async () => {
    const result = await run({ WAY: 'preload' }, EXPECTED, PRELOAD);
    expectNestResponses(result);
    expectUserEvents(result, 'nestjs', ROUTE);
    expectServerErrors(result);
  });

  it("the app's own NodeSDK with sentryInstrumentations(), and setupNestErrorHandler(app) too", async () => {
    const result = await run({ WAY: 'sdk', SETUP: '1' });
    expectNestResponses(result);
    expectUserEvents(result, 'nestjs', ROUTE);
    expectServerErrors(result);
  });

  it('setupNestErrorHandler(app) without OpenTelemetry: the global filter alone captures', async () => {
    const result = await run({ WAY: 'bare', SETUP: '1' });
    expectNestResponses(result);
    expectUserEvents(result, 'nestjs', ROUTE, false);
    expectServerErrors(result);
    expect(result.stderr).toMatch(/ExceptionsHandler.*UserError: user 1 failed/);
  });

  it('@SentryExceptionCaptured() on the app’s own catch-all filter, shouldHandleError capturing 4xx', async () => {
    const result = await run({ WAY: 'bare', SETUP: 'decorator', CAPTURE_4XX: '1' }, EXPECTED + 1);
    expectNestResponses(result);
    expectUserEvents(result, 'nestjs', ROUTE, false);
    const [event] = byMessage(result.events, 'bad input');
    expect(event?.transaction).toBe('GET /bad-request');
    expect(result.events).toHaveLength(EXPECTED + 1);
  });

  it('examples/nestjs runs under the preload: one event for the route that throws, none for the 4xx', async () => {
    await checkExample('nestjs', '/users/:id');
  });
});
