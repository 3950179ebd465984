// The disk buffer: network failures are stored and re-sent (also by a later process), 4xx/5xx
// are not, the directory stays within maxBytes (counted as cache_overflow), corrupt files go.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { serializeEnvelope } from '../../../src/protocol/envelope.js';
import { debug } from '../../../src/utils/debug.js';
import { closedPortUrl, type FaultServer, startFaultServer } from '../../helpers/fault-server.js';
import { errorEnvelope, makeTransport } from './harness.js';

let dir: string;
let server: FaultServer | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'otel-sentry-offline-'));
});

afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

const files = async (): Promise<string[]> => (await readdir(dir)).filter((f) => f.endsWith('.envelope'));

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('offline store', () => {
  it('stores envelopes that fail on a network error and re-sends them when the network is back', async () => {
    server = await startFaultServer({ mode: 'close-mid-body' });
    const { transport, drops } = makeTransport(server.dsn, { offline: { dir, retryDelayMs: 50 } });
    for (let i = 0; i < 3; i++) transport.send(errorEnvelope());
    expect(await transport.flush(5000)).toBe(true); // includes the disk writes
    expect(await files()).toHaveLength(3);
    expect(drops).toEqual({});
    server.mode = 'healthy';
    await until(() => server?.received.length === 3);
    await until(async () => (await files()).length === 0);
    const ids = server.received.map((r) => r.envelope?.[0].event_id);
    expect(new Set(ids).size).toBe(3);
    // Re-sent envelopes carry a fresh sent_at.
    expect(Date.parse(String(server.received[0]?.envelope?.[0].sent_at))).toBeGreaterThan(
      Date.now() - 10_000,
    );
    expect(drops).toEqual({});
    await transport.close?.(100);
  });

  it('does not store envelopes Sentry rejected', async () => {
    server = await startFaultServer({ mode: 'status-500' });
    const { transport, drops } = makeTransport(server.dsn, { offline: { dir } });
    transport.send(errorEnvelope());
    await transport.flush(5000);
    expect(drops).toEqual({ 'send_error:error': 1 });
    expect(await files()).toEqual([]);
    await transport.close?.(100);
  });

  it('re-sends what an earlier process stored', async () => {
    const dead = await closedPortUrl();
    const first = makeTransport(dead.dsn, { offline: { dir } });
    first.transport.send(errorEnvelope());
    first.transport.send(errorEnvelope());
    await first.transport.flush(5000);
    await first.transport.close?.(100);
    expect(await files()).toHaveLength(2);

    server = await startFaultServer();
    const second = makeTransport(server.dsn, { offline: { dir } });
    await until(() => server?.received.length === 2);
    await until(async () => (await files()).length === 0);
    expect(first.drops).toEqual({});
    expect(second.drops).toEqual({});
    await second.transport.close?.(100);
  });

  it('stays within maxBytes, evicting the oldest and counting cache_overflow', async () => {
    const dead = await closedPortUrl();
    const size = serializeEnvelope(errorEnvelope(1000)).length;
    const { transport, drops } = makeTransport(dead.dsn, {
      offline: { dir, maxBytes: size * 3 + 200, retryDelayMs: 60_000 },
      concurrency: 1,
    });
    for (let i = 0; i < 10; i++) transport.send(errorEnvelope(1000));
    expect(await transport.flush(5000)).toBe(true);
    await until(() => drops['cache_overflow:error'] === 7);
    await until(async () => (await files()).length === 3);
    expect(drops).toEqual({ 'cache_overflow:error': 7 });
    // An envelope larger than the whole store is counted, not written.
    transport.send(errorEnvelope(size * 4));
    await transport.flush(5000);
    expect(drops).toEqual({ 'cache_overflow:error': 8 });
    await transport.close?.(100);
  });

  it('skips and deletes corrupt files with a warning, leaves foreign files alone', async () => {
    const warn = vi.spyOn(debug, 'warn').mockImplementation(() => {});
    await writeFile(join(dir, '000001700000000-1-1.envelope'), 'not an envelope\n{{{');
    await writeFile(join(dir, '000001700000000-1-2.envelope'), serializeEnvelope(errorEnvelope()));
    await writeFile(join(dir, 'README.txt'), 'user file');
    server = await startFaultServer();
    const { transport, drops } = makeTransport(server.dsn, { offline: { dir } });
    await until(() => server?.received.length === 1);
    await until(async () => (await files()).length === 0);
    expect(await readdir(dir)).toEqual(['README.txt']);
    expect(warn.mock.calls.some((c) => String(c[0]).includes('corrupt'))).toBe(true);
    expect(drops).toEqual({});
    warn.mockRestore();
    await transport.close?.(100);
  });

  it('backs off while the network stays down, then delivers', async () => {
    server = await startFaultServer({ mode: 'close-mid-body' });
    const { transport } = makeTransport(server.dsn, {
      offline: { dir, retryDelayMs: 20, maxRetryDelayMs: 80 },
    });
    transport.send(errorEnvelope());
    await transport.flush(5000);
    await until(() => (server?.requestCount ?? 0) >= 5); // 1 live + retries at 20, 40, 80, 80… ms
    expect(await files()).toHaveLength(1);
    server.mode = 'healthy';
    await until(async () => (await files()).length === 0);
    expect(server.received).toHaveLength(1);
    await transport.close?.(100);
  });
});
