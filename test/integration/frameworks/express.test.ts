// Express 5 and 4 with setupExpressErrorHandler, each way in, against the inbox. Express 4 is
// installed as `express4`; the instrumentation patches the module named `express`, so the Express 4
// runs load it through a directory whose node_modules/express links to it (--preserve-symlinks keeps
// that name, as a real install would have it).
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '../../../src/protocol/types.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';

const fixture = fileURLToPath(new URL('./fixtures/express-app.cjs', import.meta.url));
const express4Dir = fileURLToPath(new URL('./.tmp/express4/', import.meta.url));
const express4 = dirname(createRequire(import.meta.url).resolve('express4/package.json'));

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
  rmSync(express4Dir, { recursive: true, force: true });
  mkdirSync(`${express4Dir}node_modules`, { recursive: true });
  symlinkSync(express4, `${express4Dir}node_modules/express`, 'dir');
});
afterAll(async () => {
  await receiver.close();
  rmSync(express4Dir, { recursive: true, force: true });
});

const runs = [
  { name: 'Express 5, init()', major: 5, way: 'init' },
  { name: 'Express 5, preload', major: 5, way: 'preload' },
  { name: 'Express 5, own NodeSDK', major: 5, way: 'sdk' },
  { name: 'Express 4, init()', major: 4, way: 'init' },
  { name: 'Express 4, preload', major: 4, way: 'preload' },
];

describe.concurrent.each(runs)('$name', ({ major, way }) => {
  it('captures route errors once, named after the route, and leaves the answers as they were', async () => {
    const release = `express-${major}-${way}`;
    const nodeArgs = [
      ...(way === 'preload' ? ['--require', 'otel-sentry/preload'] : []),
      ...(major === 4 ? ['--preserve-symlinks'] : []),
    ];
    const result = await runScenario(fixture, {
      nodeArgs,
      env: {
        SENTRY_DSN: receiver.dsn,
        SENTRY_RELEASE: release,
        WAY: way,
        EXPRESS_FROM: major === 4 ? express4Dir : undefined,
      },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout.trim().split('\n').at(-1) as string);
    expect(out).toMatchObject({ major, flushed: true, instrumented: true });
    // Express's own answers, unchanged by the handler.
    expect(out.statuses).toMatchObject({
      '/users/42': 500,
      '/later/7': 500,
      '/api/items/3': 500,
      '/teapot': 418,
      '/conflict': 409,
      '/string': 500,
      '/null': 404, // Express treats next(null) as no error
      '/getter': 500,
      '/bad-status': 500,
      '/nope': 404,
    });
    if (major === 5) expect(out.statuses).toMatchObject({ '/async/9': 500, '/after-send': 200 });
    expect(out.isolation).toEqual([500, 500, 500, 500, 500, 500]);

    const paths = ['/users/42', '/later/7', '/api/items/3', '/conflict', '/string', '/getter', '/bad-status'];
    if (major === 5) paths.push('/async/9', '/after-send');
    const expected = paths.length + 6; // + the isolation requests
    await receiver.waitFor(() => mine(release).length >= expected);
    expect(receiver.problems).toEqual([]);
    const events = mine(release);
    const byPath = (path: string) => events.filter((e) => e.request?.url?.endsWith(path));
    for (const path of paths) expect(byPath(path), path).toHaveLength(1); // once, though spans saw them too
    expect(byPath('/teapot')).toHaveLength(0);
    expect(byPath('/nope')).toHaveLength(0);

    const user = byPath('/users/42')[0] as Event;
    expect(user.transaction).toBe('GET /users/:id');
    expect(user.transaction_info).toEqual({ source: 'route' });
    expect(user.exception?.values?.at(-1)).toMatchObject({
      type: 'Error',
      value: 'user 42 failed',
      mechanism: { type: 'auto.http.express', handled: false },
    });
    expect(user.tags?.original).toBe('CheckoutError'); // the hint carries the thrown Error itself
    expect(user.request?.headers?.authorization).toBe('[Filtered]');
    expect(user.request?.headers?.['x-test']).toBe('kept');
    expect(user.request?.query_string).toBe('token=[Filtered]&page=2');
    expect(byPath('/later/7')[0]?.transaction).toBe('GET /later/:id');
    expect(byPath('/api/items/3')[0]).toMatchObject({ transaction: 'GET /api/items/:itemId' });
    // Express 5 leaves the nested router a setImmediate later: the handler still wins over the span.
    expect(byPath('/api/items/3')[0]?.exception?.values?.at(-1)?.mechanism?.type).toBe('auto.http.express');
    expect(byPath('/conflict')[0]?.exception?.values?.at(-1)?.value).toBe('conflict reported');
    expect(byPath('/string')[0]?.exception?.values?.at(-1)).toMatchObject({
      value: 'a thrown string',
      mechanism: { type: 'auto.http.express', handled: false },
    });
    expect(byPath('/bad-status')[0]?.exception?.values?.at(-1)?.mechanism?.type).toBe('auto.http.express');
    expect(byPath('/getter')[0]?.exception?.values?.at(-1)?.mechanism?.type).toBe('auto.http.express');
    if (major === 5) {
      expect(byPath('/async/9')[0]?.transaction).toBe('GET /async/:id');
      expect(byPath('/after-send')[0]?.exception?.values?.at(-1)?.value).toBe('rejected after the response');
    }
    for (let i = 0; i < 6; i++) {
      const [event] = byPath(`/scope/${i}`);
      expect(event?.tags?.['request-id']).toBe(String(i)); // no leak between concurrent requests
      expect(event?.user?.id).toBe(`user-${i}`);
      expect(event?.transaction).toBe('GET /scope/:id');
    }
  });
});

function mine(release: string): Event[] {
  return receiver.events().filter((e) => e.release === release);
}
