// Console breadcrumbs, child process and worker thread failures, and the exit flush, end to end:
// the built package in a child process, events sent to a Sentry-compatible receiver.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Breadcrumb, Event } from '../../../src/protocol/types.js';
import { breadcrumbsOf, messageOf } from '../../helpers/event-fields.js';
import { type FaultServer, startFaultServer } from '../../helpers/fault-server.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const run = (name: string, env: Record<string, string> = {}) =>
  runScenario(fixture(name), { env: { SENTRY_DSN: receiver.dsn, ...env } });
const withMessage = (events: Event[], message: string) => events.find((e) => messageOf(e) === message);
const crumbs = (event: Event | undefined, category: string) =>
  breadcrumbsOf(event)
    .filter((b) => b.category === category)
    .map(({ timestamp: _, ...rest }): Breadcrumb => rest);

function isSubsequence(wanted: string[], lines: string[]): boolean {
  let i = 0;
  for (const line of lines) if (line === wanted[i]) i += 1;
  return i === wanted.length;
}

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  expect(receiver.problems).toEqual([]);
  await receiver.close();
});

describe('console', () => {
  it('calls become breadcrumbs with the log_record hint; output unchanged; no SDK logs, no loops', async () => {
    const plain = await run('console.mjs', { NO_SDK: '1' });
    const result = await run('console.mjs');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const hints = JSON.parse(lines.find((l) => l.startsWith('HINTS '))?.slice(6) ?? 'null');
    // stdout: the app's lines exactly once each, plus the SDK's own debug lines and the hints.
    const appOut = lines.filter((l) => !l.startsWith('[otel-sentry]') && !l.startsWith('HINTS ')).join('\n');
    expect(appOut).toBe(plain.stdout);
    expect(result.stdout).toContain('[otel-sentry] initialized');
    // stderr: the app's lines in order, among what beforeBreadcrumb and the SDK's debug logged.
    expect(isSubsequence(plain.stderr.split('\n'), result.stderr.split('\n'))).toBe(true);
    expect(result.stderr.match(/beforeBreadcrumb saw/g)).toHaveLength(7);

    expect(hints).toEqual([
      { level: 'log', method: 'log', args: ['hello %s', 'world', { a: 1 }] },
      { level: 'info', method: 'info', args: ['info', 42] },
      { level: 'warning', method: 'warn', args: ['warned'] },
      { level: 'error', method: 'error', args: ['Error(logged error)'] },
      { level: 'debug', method: 'debug', args: ['debugging'] },
      { level: 'debug', method: 'trace', args: ['tracing'] },
      { level: 'log', method: 'log', args: ['make beforeBreadcrumb throw'] },
    ]);
    const [event] = await receiver.waitForEvents(1);
    const console = crumbs(event, 'console');
    expect(console.map((c) => [c.level, c.message])).toEqual([
      ['log', 'hello world { a: 1 }'], // as @sentry/node: console.log keeps level 'log'
      ['info', 'info 42'],
      ['warning', 'warned'],
      ['error', expect.stringMatching(/^Error: logged error\n {4}at /)],
      ['debug', 'debugging'],
      ['debug', 'tracing'],
      ['log', 'make beforeBreadcrumb throw'], // a throwing beforeBreadcrumb keeps the crumb
    ]);
    expect(console[0]?.data).toEqual({ logger: 'console', arguments: ['hello %s', 'world', '{ a: 1 }'] });
    expect(console[2]?.data).toEqual({ logger: 'console' });
    expect(JSON.stringify(event?.breadcrumbs)).not.toContain('[otel-sentry]');
  });
});

describe('child processes and worker threads', () => {
  it('failed children leave breadcrumbs, without their arguments', async () => {
    const result = await run('children.mjs', { CASE: 'children' });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const [event] = await receiver.waitForEvents(1);
    expect(crumbs(event, 'child_process')).toEqual([
      {
        category: 'child_process',
        level: 'warning',
        message: 'Child process exited with code 3',
        data: { command: 'sh', code: 3, signal: null },
      },
      {
        category: 'child_process',
        level: 'error',
        message: 'Child process failed to spawn',
        data: { command: 'definitely-not-a-command-xyz', error: 'ENOENT' },
      },
      {
        category: 'child_process',
        level: 'warning',
        message: 'Child process was killed by SIGKILL',
        data: { command: 'sleep', code: null, signal: 'SIGKILL' },
      },
    ]);
    expect(JSON.stringify(event)).not.toMatch(/secret-token|hunter2/);
  });

  it('includeArgs: true adds the arguments', async () => {
    await run('children.mjs', { CASE: 'children', INCLUDE_ARGS: '1' });
    const [event] = await receiver.waitForEvents(1);
    expect(crumbs(event, 'child_process')[0]?.data).toEqual({
      command: 'sh',
      args: ['-c', 'exit 3', 'secret-token'],
      code: 3,
      signal: null,
    });
  });

  it("a worker's uncaught error is captured (unhandled, worker mechanism) and its exit is a breadcrumb", async () => {
    const result = await run('children.mjs', { CASE: 'worker' });
    expect(result).toMatchObject({ code: 0, stderr: '', stdout: 'parent saw worker failure\nparent done\n' });
    const events = await receiver.waitForEvents(2);
    const failure = events.find((e) => e.exception?.values.at(-1)?.value === 'worker failure');
    // @sentry/node's mechanism object, whole.
    expect(failure?.exception?.values.at(-1)?.mechanism).toEqual({
      type: 'auto.child_process.worker_thread',
      handled: false,
      data: { threadId: expect.stringMatching(/^\d+$/) },
    });
    expect(crumbs(withMessage(events, 'after worker'), 'worker_thread')).toEqual([
      {
        category: 'worker_thread',
        level: 'error',
        message: 'Worker thread exited with code 1',
        // Not always 1: an ESM app with a framework installed has the loader hook's thread first.
        data: { threadId: expect.any(Number), code: 1 },
      },
    ]);
  });

  it('captureWorkerErrors: false makes the worker error a breadcrumb, as @sentry/node', async () => {
    await run('children.mjs', { CASE: 'worker', NO_WORKER_CAPTURE: '1' });
    const [event] = await receiver.waitForEvents(1);
    expect(event?.exception).toBeUndefined();
    expect(crumbs(event, 'worker_thread').map((c) => c.message)).toEqual([
      "Worker thread errored with 'worker failure'",
      'Worker thread exited with code 1',
    ]);
  });

  it('a worker error the parent does not handle still crashes the parent, captured once', async () => {
    const result = await run('children.mjs', { CASE: 'worker-unhandled' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: worker failure');
    const events = receiver.events();
    expect(events).toHaveLength(1);
    expect(events[0]?.exception?.values.at(-1)?.mechanism?.type).toBe('auto.child_process.worker_thread');
  });
});

describe('exit flush', () => {
  let server: FaultServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('beforeExit: pending events are delivered before the process ends on its own', async () => {
    const result = await run('exit.mjs', { CASE: 'natural' });
    expect(result).toMatchObject({ code: 0, signal: null, stderr: '' });
    expect(receiver.events()).toHaveLength(5);
  });

  it('SIGTERM with events in flight: delivered, then the process dies of SIGTERM as without the SDK', async () => {
    server = await startFaultServer({ mode: { status: 200, delayMs: 300 } });
    const child = spawn(process.execPath, [fixture('exit.mjs')], {
      env: { ...process.env, SENTRY_DSN: server.dsn, CASE: 'server' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await once(child.stdout, 'data');
    await server.waitForRequests(1); // the first event is in flight: its answer takes 300 ms
    child.kill('SIGTERM');
    const [code, signal] = await once(child, 'exit');
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
    expect(server.received).toHaveLength(5);
  });
});
