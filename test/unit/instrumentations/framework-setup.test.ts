// The setup functions of Fastify, Restify and Hono never throw, whatever they are given.
import fastify from 'fastify';
import { describe, expect, test } from 'vitest';
import { setupFastifyErrorHandler } from '../../../instrumentations/fastify/error-handler.js';
import { fastifyInstrumentation } from '../../../instrumentations/fastify/instrumentation.js';
import { setupHonoErrorHandler } from '../../../instrumentations/hono/error-handler.js';
import { setupRestifyErrorHandler } from '../../../instrumentations/restify/error-handler.js';
import { restifyInstrumentation } from '../../../instrumentations/restify/instrumentation.js';

function hostile(): object {
  const fail = () => {
    throw new Error('hostile');
  };
  return new Proxy({}, { get: fail, has: fail, set: fail, defineProperty: fail, getPrototypeOf: fail });
}

const BAD: [string, () => unknown][] = [
  ['undefined', () => undefined],
  ['null', () => null],
  ['a string', () => 'app'],
  ['a number', () => 42],
  ['an empty object', () => ({})],
  ['a function', () => () => undefined],
  ['a proxy that throws on every access', hostile],
];

describe.each([
  ['setupFastifyErrorHandler', setupFastifyErrorHandler],
  ['setupRestifyErrorHandler', setupRestifyErrorHandler],
  ['setupHonoErrorHandler', setupHonoErrorHandler],
])('%s', (_name, setup) => {
  test.each(BAD)('never throws on %s', (_label, make) => {
    expect(() => setup(make())).not.toThrow();
    expect(() => setup(make(), { shouldHandleError: 'no' as never })).not.toThrow();
  });
});

test('setupFastifyErrorHandler on an app already ready: no throw, the app unchanged', async () => {
  const app = fastify();
  app.get('/', () => 'ok');
  await app.ready();
  expect(() => setupFastifyErrorHandler(app)).not.toThrow();
  expect((await app.inject('/')).body).toBe('ok');
  await app.close();
});

test('the registry specs name their instrumentation packages', () => {
  for (const [spec, name] of [
    [fastifyInstrumentation, '@fastify/otel'],
    [restifyInstrumentation, '@opentelemetry/instrumentation-restify'],
  ] as const) {
    const instrumentation = spec.create();
    instrumentation?.disable();
    expect(instrumentation?.instrumentationName).toBe(name);
  }
});

test('setupHonoErrorHandler twice: one capture path, the last options', async () => {
  const { Hono } = await import('hono');
  const app = new Hono();
  const errorHandler = () => (app as unknown as { errorHandler: unknown }).errorHandler;
  setupHonoErrorHandler(app);
  const handler = errorHandler();
  setupHonoErrorHandler(app, { shouldHandleError: () => true });
  expect(errorHandler()).toBe(handler);
  app.get('/', () => {
    throw new Error('x');
  });
  app.onError((err, c) => c.text(`custom ${err.message}`, 503));
  const res = await app.request('/');
  expect([res.status, await res.text()]).toEqual([503, 'custom x']);
});

test("setupRestifyErrorHandler on a server without _onHandlerError listens to 'restifyError'", async () => {
  const { EventEmitter } = await import('node:events');
  const server = new EventEmitter();
  setupRestifyErrorHandler(server);
  setupRestifyErrorHandler(server); // once
  expect(server.listenerCount('restifyError')).toBe(1);
  let continued = 0;
  server.emit('restifyError', { method: 'GET' }, {}, new Error('x'), () => continued++);
  server.emit('restifyError', null, null, 'a string', 'not a callback');
  expect(continued).toBe(1);
});
