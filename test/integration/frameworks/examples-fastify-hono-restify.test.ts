// examples/fastify, examples/hono and examples/restify, run as their READMEs say (under the
// preload) against the receiver: a 500 route is one event named after the route, a 4xx none.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { startReceiver } from '../../helpers/receiver.js';
import { REPO, runnable } from '../otel/package.js';
import { restifyRuns } from './restify-support.js';

function listen(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /\{"listening":(\d+)\}/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`example exited (${code}) before listening: ${out}`)));
  });
}

async function status(url: string): Promise<number> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return res.status;
}

const EXAMPLES: [string, string, string[]][] = [
  ['fastify', 'app.mjs', ['--import', 'otel-sentry/preload']],
  ['hono', 'app.mjs', ['--import', 'otel-sentry/preload']],
];
if (restifyRuns)
  EXAMPLES.push(['restify', 'app.cjs', ['--no-deprecation', '--require', 'otel-sentry/preload']]);

describe.concurrent.each(EXAMPLES)('examples/%s', (framework, file, nodeArgs) => {
  test('a thrown error is one event named after the route; a 4xx is none', async () => {
    const receiver = await startReceiver();
    const app = runnable(join(REPO, 'examples', framework, file));
    const child = spawn(process.execPath, [...nodeArgs, app], {
      cwd: join(REPO, 'examples', framework),
      env: { ...process.env, NODE_OPTIONS: '', SENTRY_DSN: receiver.dsn, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      const base = `http://127.0.0.1:${await listen(child)}`;
      expect(await status(`${base}/`)).toBe(200);
      expect(await status(`${base}/orders/0`)).toBe(404);
      expect(await status(`${base}/orders/7`)).toBe(500);
      const [event] = await receiver.waitForEvents(1);
      expect(event?.exception?.values?.at(-1)).toMatchObject({
        value: 'order 7 could not be priced',
        mechanism: { type: `auto.http.${framework}`, handled: false },
      });
      expect(event?.transaction).toBe('GET /orders/:id');
      expect(receiver.problems).toEqual([]);
    } finally {
      child.kill('SIGTERM');
      await exited;
      await receiver.close();
    }
    // The 404 was not captured (checked once the app is gone and all it sent is in).
    expect(receiver.events().map((e) => e.exception?.values?.at(-1)?.value)).toEqual([
      'order 7 could not be priced',
    ]);
    expect(stderr).toBe('');
  });
});
