// Connect with setupConnectErrorHandler, and a plain node:http server with wrapRequestListener,
// each under init() and the preload, against the inbox.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '../../../src/protocol/types.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario, type ScenarioResult } from '../../helpers/run-scenario.js';

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
});

const ways = ['init', 'preload'];

function run(fixture: string, way: string, release: string): Promise<ScenarioResult> {
  return runScenario(fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url)), {
    nodeArgs: way === 'preload' ? ['--require', 'otel-sentry/preload'] : [],
    env: { SENTRY_DSN: receiver.dsn, SENTRY_RELEASE: release, WAY: way, NODE_ENV: 'test' },
  });
}

async function eventsOf(release: string, count: number): Promise<(path: string) => Event[]> {
  const mine = () => receiver.events().filter((e) => e.release === release);
  await receiver.waitFor(() => mine().length >= count);
  expect(receiver.problems).toEqual([]);
  return (path) => mine().filter((e) => new URL(e.request?.url ?? 'http://x/').pathname === path);
}

function expectIsolated(byPath: (path: string) => Event[], transaction?: string): void {
  for (let i = 0; i < 6; i++) {
    const [event, ...more] = byPath(`/scope/${i}`);
    expect(more).toEqual([]);
    expect(event?.tags?.['request-id']).toBe(String(i));
    expect(event?.user?.id).toBe(`user-${i}`);
    expect(event?.transaction).toBe(transaction ?? `GET /scope/${i}`);
  }
}

describe.concurrent.each(ways)('Connect, %s', (way) => {
  it('captures middleware errors once, named after the mount path; answers unchanged', async () => {
    const release = `connect-${way}`;
    const result = await run('connect-app.cjs', way, release);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      flushed: true,
      statuses: { '/users/1': 500, '/later': 500, '/teapot': 418, '/string': 500, '/ok': 200, '/nope': 404 },
      isolation: [500, 500, 500, 500, 500, 500],
    });
    const byPath = await eventsOf(release, 9);
    const [users, ...more] = byPath('/users/1');
    expect(more).toEqual([]);
    expect(users).toMatchObject({
      transaction: 'GET /users',
      transaction_info: { source: 'route' },
      tags: { original: 'Error' },
      request: { headers: { authorization: '[Filtered]' }, query_string: 'token=[Filtered]&page=2' },
    });
    expect(users?.exception?.values?.at(-1)).toMatchObject({
      value: 'users failed',
      mechanism: { type: 'auto.http.connect', handled: false },
    });
    expect(byPath('/later')).toHaveLength(1);
    expect(byPath('/string')[0]?.exception?.values?.at(-1)?.value).toBe('a thrown string');
    expect(byPath('/teapot')).toEqual([]);
    expectIsolated(byPath, 'GET /scope');
  });
});

describe.concurrent.each(ways)('node:http with wrapRequestListener, %s', (way) => {
  it('captures throws and rejections once; the process behaves as without the wrapper', async () => {
    const release = `node-http-${way}`;
    const result = await run('node-http-app.cjs', way, release);
    // The sync throw is still an uncaught exception, the rejections still unhandled ones.
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: thrown synchronously');
    expect(result.stderr).toContain(
      'The promise rejected with the reason:\nError: rejected after the response',
    );
    expect(JSON.parse(result.stdout)).toEqual({
      statuses: { '/ok': 200, '/reject': 500, '/teapot': 418, '/string': 200 },
      isolation: [200, 200, 200, 200, 200, 200],
    });
    const byPath = await eventsOf(release, 10);
    for (const [path, value] of [
      ['/sync', 'thrown synchronously'],
      ['/reject', 'rejected after the response'],
    ] as const) {
      const [event, ...more] = byPath(path);
      expect(more).toEqual([]); // not again from the uncaught-exception or unhandled-rejection handler
      expect(event?.exception?.values?.at(-1)).toMatchObject({
        value,
        mechanism: { type: 'auto.http.node', handled: false },
      });
      expect(event).toMatchObject({ transaction: `GET ${path}`, tags: { original: 'Error' } });
      expect(event?.request?.url).toMatch(new RegExp(`${path}$`));
    }
    expect(byPath('/reject')[0]?.request?.headers?.authorization).toBe('[Filtered]');
    const mechanisms = (path: string) =>
      byPath(path).map((e) => e.exception?.values?.at(-1)?.mechanism?.type);
    expect(mechanisms('/string')).toContain('auto.http.node');
    // A 4xx error is not the wrapper's to report; the unhandled rejection stays the process's.
    expect(mechanisms('/teapot')).not.toContain('auto.http.node');
    expectIsolated(byPath);
  });
});
