// The transport's own requests run with OpenTelemetry tracing suppressed, so instrumentations
// (which check the flag when a request starts) never record them.
import { AsyncLocalStorage } from 'node:async_hooks';
import diagnosticsChannel from 'node:diagnostics_channel';
import { type Context, type ContextManager, context, ROOT_CONTEXT } from '@opentelemetry/api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isTracingSuppressed } from '../../../src/utils/suppress-tracing.js';
import { startFaultServer } from '../../helpers/fault-server.js';
import { errorEnvelope, makeTransport } from './harness.js';

class AlsContextManager implements ContextManager {
  private readonly _als = new AsyncLocalStorage<Context>();
  active(): Context {
    return this._als.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this._als.run(ctx, () => fn.call(thisArg, ...args));
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    return this;
  }
}

beforeAll(() => {
  context.setGlobalContextManager(new AlsContextManager());
});
afterAll(() => {
  context.disable();
});

it('every envelope request starts with tracing suppressed', async () => {
  const seen: boolean[] = [];
  const onStart = (): void => {
    seen.push(isTracingSuppressed());
  };
  diagnosticsChannel.subscribe('http.client.request.start', onStart);
  const server = await startFaultServer();
  const { transport } = makeTransport(server.dsn);
  for (let i = 0; i < 3; i++) transport.send(errorEnvelope());
  transport.send(errorEnvelope(40_000)); // the gzip path awaits before requesting
  expect(await transport.flush(5000)).toBe(true);
  diagnosticsChannel.unsubscribe('http.client.request.start', onStart);
  expect(seen).toEqual([true, true, true, true]);
  expect(isTracingSuppressed()).toBe(false);
  await transport.close?.(100);
  await server.close();
});
