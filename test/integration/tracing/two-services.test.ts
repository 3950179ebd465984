// Two services, each a child process with otel-sentry and tracesSampleRate: A calls B over HTTP.
// The trace is decided once, by A, and B follows: one trace id, B's root the child of A's client
// span, the same DSC in both services' envelopes, and other vendors' baggage passed through.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Event } from '../../../src/protocol/types.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { REPO, runDir, runnable } from '../otel/package.js';

const FIXTURE = runnable(join(REPO, 'test/integration/tracing/fixtures/service.cjs'));
const REQUESTS = 200;

let receiver: Receiver;
const children: ChildProcess[] = [];

function startService(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FIXTURE], {
      cwd: runDir(FIXTURE),
      env: { ...process.env, NODE_OPTIONS: '', SENTRY_DSN: receiver.dsn, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    let err = '';
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ child, url: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}` });
    });
    child.on('exit', (code) => reject(new Error(`service exited with ${code}: ${err}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

interface Answer {
  sampled: number;
  traceId: string;
  fromB: { baggage: string; sentryTrace: string; traceparent: string; sampled: number };
}

const answers: Answer[] = [];

beforeAll(async () => {
  receiver = await startReceiver();
  const b = await startService({ SERVICE: 'b', RATE: '1' }); // would sample everything on its own
  const a = await startService({ SERVICE: 'a', RATE: '0.5', NEXT_URL: b.url });
  for (let i = 0; i < REQUESTS; i += 20) {
    const batch = Array.from({ length: 20 }, () =>
      fetch(`${a.url}/a?i=${i}`, { headers: { baggage: 'vendor=xyz;ttl=1,userId=alice' } }).then(
        (r) => r.json() as Promise<Answer>,
      ),
    );
    answers.push(...(await Promise.all(batch)));
  }
  await Promise.all([stop(a.child), stop(b.child)]);
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await receiver.close();
});

function byService(prefix: string): Event[] {
  return receiver.transactions().filter((t) => t.transaction?.startsWith(prefix));
}

it('decides once: B samples exactly the traces A sampled, about half of them', async () => {
  const sampledByA = answers.filter((a) => a.sampled === 1).map((a) => a.traceId);
  expect(answers).toHaveLength(REQUESTS);
  expect(sampledByA.length).toBeGreaterThan(REQUESTS * 0.3);
  expect(sampledByA.length).toBeLessThan(REQUESTS * 0.7);
  expect(answers.every((a) => a.sampled === a.fromB.sampled)).toBe(true);
  await receiver.waitFor(() => byService('GET /b').length >= sampledByA.length, 20_000);
  const traceIds = (list: Event[]) => list.map((t) => t.contexts?.trace?.trace_id).sort();
  expect(traceIds(byService('GET /a'))).toEqual([...sampledByA].sort());
  expect(traceIds(byService('GET /b'))).toEqual([...sampledByA].sort());
  expect(receiver.problems).toEqual([]);
});

it("links B's root to A's client span, and both envelopes carry A's DSC", () => {
  const txA = byService('GET /a');
  const txB = new Map(byService('GET /b').map((t) => [t.contexts?.trace?.trace_id, t]));
  expect(txA.length).toBeGreaterThan(0);
  for (const a of txA) {
    const b = txB.get(a.contexts?.trace?.trace_id);
    const client = a.spans?.find((s) => s.op === 'http.client');
    expect(client).toBeDefined();
    expect(b?.contexts?.trace?.parent_span_id).toBe(client?.span_id);
  }
  const headers = receiver.requests
    .map((r) => r.envelope)
    .filter((e) => e[1][0]?.[0].type === 'transaction')
    .map((e) => e[0].trace as Record<string, string>);
  const perTrace = new Map<string, Set<string>>();
  for (const dsc of headers) {
    const set = perTrace.get(dsc.trace_id ?? '') ?? new Set();
    set.add(JSON.stringify(dsc));
    perTrace.set(dsc.trace_id ?? '', set);
  }
  for (const [, set] of perTrace) expect(set.size).toBe(1); // identical in A's and B's envelopes
  const one = JSON.parse([...(perTrace.values().next().value ?? [])][0] ?? '{}') as Record<string, string>;
  expect(one).toMatchObject({ release: 'service-a@1.0.0', sample_rate: '0.5', sampled: 'true' });
  expect(Number(one.sample_rand)).toBeLessThan(0.5);
});

it("passes the caller's other baggage through A to B, beside the DSC", () => {
  for (const a of answers) {
    expect(a.fromB.baggage.startsWith('vendor=xyz;ttl=1,userId=alice,sentry-trace_id=')).toBe(true);
    expect(a.fromB.sentryTrace.slice(0, 32)).toBe(a.traceId);
    expect(a.fromB.traceparent.slice(3, 35)).toBe(a.traceId);
  }
});
