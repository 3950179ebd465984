// What every framework app in fixtures/ must show (koa, hapi, nestjs): runs a fixture the way
// WAY names, hitting it with drive.cjs's requests, and checks the events the inbox received.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Event } from '../../../src/protocol/types.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';
import { marks } from '../instrumentations/marks.js';
import { REPO, runDir, runnable } from '../otel/package.js';

export const USERS = 10;

export interface Response {
  path: string;
  status: number | string;
  body?: string;
}

export interface Run {
  responses: Map<string, Response>;
  badSetup: unknown;
  events: Event[];
  stderr: string;
}

export function fixture(file: string): string {
  return runnable(join(REPO, 'test/integration/frameworks/fixtures', file));
}

/** Runs the fixture and waits for `expected` events, and a little longer for duplicates. */
export async function runApp(
  receiver: Receiver,
  file: string,
  expected: number,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<Run> {
  const path = fixture(file);
  const result = await runScenario(path, {
    env: { SENTRY_DSN: receiver.dsn, ...env },
    nodeArgs,
    cwd: runDir(path),
  });
  expect(result.code, result.stderr).toBe(0);
  const out = marks(result.stdout);
  expect(out.get('flushed')).toEqual([true]);
  const list = (out.get('responses')?.[0] ?? []) as Response[];
  const responses = new Map(list.map((r) => [r.path, r]));
  // Too few events fail the count assertions after, which name what came.
  if (expected > 0) await receiver.waitForEvents(expected, 5000).catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(receiver.problems).toEqual([]);
  return { responses, badSetup: out.get('bad-setup')?.[0], events: receiver.events(), stderr: result.stderr };
}

/** The last (outermost) exception's value: the thrown error's message. */
export function messageOf(event: Event): string {
  return event.exception?.values.at(-1)?.value ?? '';
}

export function byMessage(events: Event[], message: string | RegExp): Event[] {
  return events.filter((e) =>
    typeof message === 'string' ? messageOf(e) === message : message.test(messageOf(e)),
  );
}

/**
 * The thrown-route contract: one event per /users/:id request, each the original UserError,
 * unhandled with the framework's mechanism, named after the route, with its own request's
 * scrubbed data and tags only (the requests ran concurrently).
 */
export function expectUserEvents(run: Run, framework: string, route: string, isolated = true): void {
  for (let id = 1; id <= USERS; id++) {
    const events = byMessage(run.events, `user ${id} failed`);
    expect(events, `user ${id}`).toHaveLength(1);
    const event = events[0] as Event;
    const exception = event.exception?.values.at(-1);
    expect(exception?.type).toBe('UserError');
    expect(exception?.mechanism).toMatchObject({ type: `auto.http.${framework}`, handled: false });
    expect(event.tags?.original).toBe('UserError'); // hint.originalException: the thrown Error
    expect(event.transaction).toBe(`GET ${route}`);
    expect(event.transaction_info).toEqual({ source: 'route' });
    if (!isolated) continue;
    expect(event.tags).toMatchObject({ rid: String(id) });
    expect(event.user).toEqual({ id: String(id) });
    expect(event.request).toMatchObject({
      method: 'GET',
      url: expect.stringMatching(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/users/${id}$`)),
      query_string: 'token=[Filtered]&page=2',
      headers: expect.objectContaining({ authorization: '[Filtered]', 'x-request-id': `r${id}` }),
    });
  }
  expect(JSON.stringify(run.events)).not.toMatch(/secret\d/);
}

/**
 * Runs examples/<framework>/app.cjs under the preload, requests a route that throws and one
 * answered with a 4xx, and checks the one event that comes of it.
 */
export async function checkExample(framework: string, route: string): Promise<void> {
  const receiver = await startReceiver();
  const app = runnable(join(REPO, 'examples', framework, 'app.cjs'));
  const child = spawn(process.execPath, ['--require', 'otel-sentry/preload', app], {
    cwd: runDir(app),
    env: { ...process.env, NODE_OPTIONS: '', SENTRY_DSN: receiver.dsn, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.on('close', resolve));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /"listening":(\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.on('close', () => reject(new Error(`example exited: ${out}`)));
    });
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/users/42`)).status).toBe(500);
    expect((await fetch(`${base}/search`)).status).toBe(400);
    expect((await fetch(`${base}/`)).status).toBe(200);
    await receiver.waitForEvents(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const events = receiver.events();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      transaction: `GET ${route}`,
      user: { id: '42' },
      exception: { values: [{ value: 'user 42 not loaded', mechanism: { type: `auto.http.${framework}` } }] },
    });
    expect(receiver.problems).toEqual([]);
  } finally {
    child.kill('SIGTERM');
    await exited;
    await receiver.close();
  }
}
