// Koa 3 + @koa/router on 127.0.0.1, with the SDK set up each way the README lists: errors koa
// answers are captured once each from the app's 'error' event (automatically, or through
// setupKoaErrorHandler), 4xx answers are not, koa's responses and its logging stay as they were.
import { describe, expect, it } from 'vitest';
import { startReceiver } from '../../helpers/receiver.js';
import { byMessage, checkExample, expectUserEvents, type Run, runApp, USERS } from './error-contract.js';

const PRELOAD = ['--require', 'otel-sentry/preload'];

/** The events every way in gives: the users', the 503, the bad-input routes' and the string. */
const SERVER_ERRORS = ['maintenance', 'hostile getters', 'odd status', 'failed after the response'];
const EXPECTED = USERS + SERVER_ERRORS.length + 1;

async function run(env: Record<string, string>, expected = EXPECTED, nodeArgs: string[] = []): Promise<Run> {
  const receiver = await startReceiver();
  try {
    return await runApp(receiver, 'koa.cjs', expected, env, nodeArgs);
  } finally {
    await receiver.close();
  }
}

function expectKoaResponses(result: Run): void {
  const status = (path: string) => result.responses.get(path)?.status;
  for (let id = 1; id <= USERS; id++) expect(status(`/users/${id}`)).toBe(500);
  expect(result.responses.get('/ok')).toMatchObject({ status: 200, body: 'ok' });
  expect(result.responses.get('/bad-request')).toMatchObject({ status: 400, body: 'bad input' });
  expect(status('/unavailable')).toBe(503);
  expect(status('/string')).toBe(500);
  expect(status('/hostile')).toBe(500);
  expect(status('/odd-status')).toBe(500); // koa answers 500 for a status it cannot use
  expect(status('/null')).toBe('timeout'); // koa never answers `throw null`: nor do we change that
  expect(result.responses.get('/after-response')).toMatchObject({ status: 200, body: 'sent' });
}

function expectServerErrors(result: Run): void {
  for (const message of SERVER_ERRORS) {
    const events = byMessage(result.events, message);
    expect(events, message).toHaveLength(1);
    expect(events[0]?.exception?.values.at(-1)?.mechanism).toMatchObject({
      type: 'auto.http.koa',
      handled: false,
    });
  }
  expect(byMessage(result.events, 'maintenance')[0]?.transaction).toBe('GET /unavailable');
  // `throw 'a plain string'`: one event, from koa's instrumentation's spans (which have the value)
  // or, without them, from koa's own wrapper of it
  const strings = byMessage(result.events, /^(non-error thrown: ")?a plain string"?$/);
  expect(strings).toHaveLength(1);
  expect(strings[0]?.transaction).toBe('GET /string');
  expect(byMessage(result.events, 'bad input')).toEqual([]);
  expect(result.events).toHaveLength(EXPECTED);
}

describe.concurrent('koa', () => {
  it('init() alone: one event per server error, none for 4xx, responses and koa logging unchanged', async () => {
    const result = await run({ WAY: 'init' });
    expectKoaResponses(result);
    expectUserEvents(result, 'koa', '/users/:id');
    expectServerErrors(result);
    // koa still logs the 5xx errors itself (it would not, had we listened before callback())
    expect(result.stderr).toContain('UserError: user 1 failed');
    expect(result.stderr).not.toContain('bad input');
    // setupKoaErrorHandler with a non-app or bad options: a debug line, no throw
    expect(result.badSetup).toEqual([null, null, 'ok']);
    expect(result.stderr).toContain('setupKoaErrorHandler: expected a Koa app');
  });

  it('the preload, with no code changes', async () => {
    const result = await run({ WAY: 'preload' }, EXPECTED, PRELOAD);
    expectKoaResponses(result);
    expectUserEvents(result, 'koa', '/users/:id');
    expectServerErrors(result);
  });

  it("the app's own NodeSDK with sentryInstrumentations()", async () => {
    const result = await run({ WAY: 'sdk' });
    expectKoaResponses(result);
    expectUserEvents(result, 'koa', '/users/:id');
    expectServerErrors(result);
  });

  it('setupKoaErrorHandler(app) beside the automatic listener: still one event each', async () => {
    const result = await run({ WAY: 'init', SETUP: '1' });
    expectUserEvents(result, 'koa', '/users/:id');
    expectServerErrors(result);
  });

  it('setupKoaErrorHandler(app) without OpenTelemetry: the hook alone captures, named after the route', async () => {
    const result = await run({ WAY: 'bare', SETUP: '1' });
    expectKoaResponses(result);
    expectUserEvents(result, 'koa', '/users/:id', false);
    expectServerErrors(result);
    expect(result.stderr).toContain('UserError: user 1 failed'); // koa's logging, also when set up first
  });

  it('shouldHandleError decides: 4xx captured when it says so', async () => {
    const result = await run({ WAY: 'bare', SETUP: '1', CAPTURE_4XX: '1' }, EXPECTED + 1);
    expectKoaResponses(result);
    const [event] = byMessage(result.events, 'bad input');
    expect(event?.transaction).toBe('GET /bad-request');
    expect(result.events).toHaveLength(EXPECTED + 1);
  });

  it('examples/koa runs under the preload: one event for the route that throws, none for the 4xx', async () => {
    await checkExample('koa', '/users/:id');
  });
});
