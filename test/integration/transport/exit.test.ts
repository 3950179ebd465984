// Exit behaviour, in child processes (fixtures/*.mjs run on the built package): events pending
// at exit are delivered, signals still end the process the way Node would have, and a dead DSN
// never holds the process beyond the shutdown timeout.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closedPortUrl, type FaultServer, startFaultServer } from '../../helpers/fault-server.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
let server: FaultServer | undefined;

beforeAll(() => {
  if (!existsSync(fileURLToPath(new URL('../../../build/esm/src/exit-flush.js', import.meta.url)))) {
    throw new Error('run `npm run build` first: the exit fixtures import build/esm');
  }
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Run {
  child: ChildProcess;
  ready: Promise<number>;
  exited: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    at: number;
    report: Record<string, unknown>;
  }>;
}

function run(script: string, args: Array<string | number>): Run {
  const child = spawn(process.execPath, [fixture(script), ...args.map(String)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let markReady: (at: number) => void = () => {};
  let failEarly: (err: Error) => void = () => {};
  const ready = new Promise<number>((resolve, reject) => {
    markReady = resolve;
    failEarly = reject;
  });
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('ready\n')) markReady(Date.now());
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<Awaited<Run['exited']>>((resolve) => {
    child.on('exit', (code, signal) => {
      const at = Date.now();
      // A fixture that dies before "ready" (e.g. build/ missing) fails the test at once.
      failEarly(new Error(`${script} exited (${code ?? signal}) before it was ready: ${err.slice(-500)}`));
      const line = out.split('\n').find((l) => l.startsWith('{"exit"'));
      if (err.trim()) process.stderr.write(`[${script}] ${err}`);
      resolve({ code, signal, at, report: line ? JSON.parse(line) : {} });
    });
  });
  return { child, ready, exited };
}

describe('exit flush', () => {
  it('delivers pending events when the process ends on its own, and then ends', async () => {
    server = await startFaultServer({ mode: { status: 200, delayMs: 100 } });
    const app = run('exit-app.mjs', [server.dsn, 20, 5000, 'natural']);
    const ready = await app.ready;
    const { code, signal, at, report } = await app.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(server.received).toHaveLength(20);
    expect(report).toMatchObject({ flushes: 1, dropped: {} });
    expect(at - ready).toBeLessThan(3000);
  });

  it('SIGTERM without an app handler: flushes, then dies of SIGTERM as Node would', async () => {
    server = await startFaultServer({ mode: { status: 200, delayMs: 300 } });
    const app = run('exit-app.mjs', [server.dsn, 10, 5000, 'server']);
    await app.ready;
    await server.waitForRequests(1);
    app.child.kill('SIGTERM');
    const { code, signal } = await app.exited;
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
    expect(server.received).toHaveLength(10);
  });

  it('SIGINT without an app handler: same, with SIGINT', async () => {
    server = await startFaultServer({ mode: { status: 200, delayMs: 100 } });
    const app = run('exit-app.mjs', [server.dsn, 3, 5000, 'server']);
    await app.ready;
    app.child.kill('SIGINT');
    const { code, signal } = await app.exited;
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGINT' });
    expect(server.received).toHaveLength(3);
  });

  it('SIGTERM with an app handler: starts a flush and lets the app decide', async () => {
    server = await startFaultServer({ mode: { status: 200, delayMs: 50 } });
    const app = run('exit-app.mjs', [server.dsn, 5, 5000, 'own-handler']);
    await app.ready;
    app.child.kill('SIGTERM');
    const { code, signal, report } = await app.exited;
    expect({ code, signal }).toEqual({ code: 42, signal: null });
    expect(report.flushes).toBeGreaterThanOrEqual(1);
    expect(server.received).toHaveLength(5);
  });

  it('SIGTERM with a server that never answers: exits of SIGTERM within the shutdown timeout', async () => {
    server = await startFaultServer({ mode: 'never-answer' });
    const app = run('exit-app.mjs', [server.dsn, 50, 500, 'server']);
    await app.ready;
    const sentAt = Date.now();
    app.child.kill('SIGTERM');
    const { signal, at } = await app.exited;
    expect(signal).toBe('SIGTERM');
    expect(at - sentAt).toBeLessThan(500 + 1500);
    expect(at - sentAt).toBeGreaterThanOrEqual(450);
  });

  it('a DSN that never answers does not keep the process alive past the shutdown timeout', async () => {
    server = await startFaultServer({ mode: 'never-answer' });
    const app = run('exit-app.mjs', [server.dsn, 2000, 500, 'natural']);
    const ready = await app.ready;
    const { code, at, report } = await app.exited;
    expect(code).toBe(0);
    expect(at - ready).toBeLessThan(500 + 1500);
    expect(report.flushes).toBe(1);
  });

  it('a refused DSN: exit within the shutdown timeout, failures counted', async () => {
    const dead = await closedPortUrl();
    const app = run('exit-app.mjs', [dead.dsn, 200, 1000, 'natural']);
    const ready = await app.ready;
    const { code, at, report } = await app.exited;
    expect(code).toBe(0);
    expect(at - ready).toBeLessThan(1000 + 1500);
    // The first requests failed and were counted; the rest waited for the network to come
    // back (the queue backs off) until the exit flush ran out of time.
    expect((report.dropped as Record<string, number>)['network_error:error']).toBeGreaterThanOrEqual(8);
    expect(report.pending).toBe(true);
  });

  it('public API: captured events are delivered by the exit flush', async () => {
    server = await startFaultServer();
    const app = run('public-api.mjs', [server.dsn, 5, 2000]);
    const { code } = await app.exited;
    expect(code).toBe(0);
    const events = server.received.flatMap((r) => r.envelope?.[1].filter(([h]) => h.type === 'event') ?? []);
    expect(events).toHaveLength(5);
  });
});
