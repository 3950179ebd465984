// The transport's own requests run with OpenTelemetry tracing suppressed, so instrumentations
// (which check the flag when a request starts) never record them.
import diagnosticsChannel from 'node:diagnostics_channel';
import { context } from '@opentelemetry/api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AsyncLocalStorageContextManager } from '../../../src/context-manager.js';
import { isTracingSuppressed } from '../../../src/utils/suppress-tracing.js';
import { startFaultServer } from '../../helpers/fault-server.js';
import { errorEnvelope, makeTransport } from './harness.js';

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager());
});
afterAll(() => {
  context.disable();
});

it('direct requests bypass node:http, so no instrumentation sees them', async () => {
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
  expect(seen).toEqual([]);
  expect(server.received).toHaveLength(4);
  await transport.close?.(100);
  await server.close();
});

it('every envelope request through a proxy (node:http) starts with tracing suppressed', async () => {
  const seen: boolean[] = [];
  const onStart = (): void => {
    seen.push(isTracingSuppressed());
  };
  diagnosticsChannel.subscribe('http.client.request.start', onStart);
  const server = await startFaultServer();
  // The fault server stands in for the proxy: what it answers does not matter here.
  const { transport } = makeTransport(server.dsn, { proxy: server.url });
  for (let i = 0; i < 3; i++) transport.send(errorEnvelope());
  transport.send(errorEnvelope(40_000));
  expect(await transport.flush(5000)).toBe(true);
  diagnosticsChannel.unsubscribe('http.client.request.start', onStart);
  expect(seen).toEqual([true, true, true, true]);
  expect(isTracingSuppressed()).toBe(false);
  await transport.close?.(100);
  await server.close();
});
