// Hapi 21 on 127.0.0.1, with the SDK set up each way the README lists: the errors hapi answers
// with a 5xx are captured once each from an onPreResponse extension (added automatically, or by
// setupHapiErrorHandler), Boom 4xx are not, hapi's responses and its logging stay as they were.
import { describe, expect, it } from 'vitest';
import { startReceiver } from '../../helpers/receiver.js';
import { byMessage, checkExample, expectUserEvents, type Run, runApp, USERS } from './error-contract.js';

const PRELOAD = ['--require', 'otel-sentry/preload'];
const ROUTE = '/users/{id}';

/** The events every way in gives beside the users': the 503 and the bad-input routes'. */
const SERVER_ERRORS = [
  'maintenance',
  'hostile getters',
  'odd status',
  'failed after the response',
  'type mismatch',
];
const EXPECTED = USERS + SERVER_ERRORS.length + 2; // + the string and the null

async function run(env: Record<string, string>, expected = EXPECTED, nodeArgs: string[] = []): Promise<Run> {
  const receiver = await startReceiver();
  try {
    return await runApp(receiver, 'hapi.cjs', expected, env, nodeArgs);
  } finally {
    await receiver.close();
  }
}

function expectHapiResponses(result: Run): void {
  const status = (path: string) => result.responses.get(path)?.status;
  for (let id = 1; id <= USERS; id++) expect(status(`/users/${id}`)).toBe(500);
  expect(result.responses.get('/ok')).toMatchObject({ status: 200, body: 'ok' });
  expect(result.responses.get('/bad-request')).toMatchObject({
    status: 400,
    body: expect.stringContaining('bad input'),
  });
  expect(status('/unavailable')).toBe(503);
  for (const path of ['/string', '/null', '/hostile', '/odd-status', '/type-error'])
    expect(status(path), path).toBe(500);
  expect(result.responses.get('/after-response')).toMatchObject({ status: 200, body: 'sent' });
}

function expectServerErrors(result: Run): void {
  for (const message of SERVER_ERRORS) {
    const events = byMessage(result.events, message);
    expect(events, message).toHaveLength(1);
    expect(events[0]?.exception?.values.at(-1)?.mechanism, message).toMatchObject({ handled: false });
  }
  expect(byMessage(result.events, 'maintenance')[0]?.transaction).toBe('GET /unavailable');
  expect(byMessage(result.events, 'maintenance')[0]?.exception?.values.at(-1)?.mechanism?.type).toBe(
    'auto.http.hapi',
  );
  expect(byMessage(result.events, 'type mismatch')[0]?.exception?.values.at(-1)?.type).toBe('TypeError');
  // `throw 'a plain string'`: one event with the string (from the route span, or from hapi's Boom)
  expect(byMessage(result.events, 'a plain string')).toHaveLength(1);
  // `throw null`: hapi answers 500 with a Boom of its own (or OTel's route wrapper's TypeError)
  expect(result.events.filter((e) => e.transaction === 'GET /null')).toHaveLength(1);
  expect(byMessage(result.events, 'bad input')).toEqual([]);
  expect(result.events).toHaveLength(EXPECTED);
}

describe.concurrent('hapi', () => {
  it('init() alone: one event per 5xx answer, none for Boom 4xx, responses and hapi logging unchanged', async () => {
    const result = await run({ WAY: 'init' });
    expectHapiResponses(result);
    expectUserEvents(result, 'hapi', ROUTE);
    expectServerErrors(result);
    expect(result.stderr).toContain('TypeError: type mismatch'); // hapi's own debug log of it
    expect(result.badSetup).toEqual([null, null, 'ok']);
    expect(result.stderr).toContain('setupHapiErrorHandler: expected a hapi server');
  });

  it('the preload, with no code changes', async () => {
    const result = await run({ WAY: 'preload' }, EXPECTED, PRELOAD);
    expectHapiResponses(result);
    expectUserEvents(result, 'hapi', ROUTE);
    expectServerErrors(result);
  });

  it("the app's own NodeSDK with sentryInstrumentations()", async () => {
    const result = await run({ WAY: 'sdk' });
    expectHapiResponses(result);
    expectUserEvents(result, 'hapi', ROUTE);
    expectServerErrors(result);
  });

  it('setupHapiErrorHandler(server) without OpenTelemetry: the extension alone captures, named after the route', async () => {
    const result = await run({ WAY: 'bare', SETUP: '1' });
    expectHapiResponses(result);
    expectUserEvents(result, 'hapi', ROUTE, false);
    expectServerErrors(result);
  });

  it('shouldHandleError decides: Boom 4xx captured when it says so', async () => {
    const result = await run({ WAY: 'bare', SETUP: '1', CAPTURE_4XX: '1' }, EXPECTED + 1);
    const [event] = byMessage(result.events, 'bad input');
    expect(event?.transaction).toBe('GET /bad-request');
    expect(result.events).toHaveLength(EXPECTED + 1);
  });

  it('examples/hapi runs under the preload: one event for the route that throws, none for the 4xx', async () => {
    await checkExample('hapi', '/users/{id}');
  });
});
