// No self-instrumentation, in each way in: the SDK's requests to the DSN (events, transactions,
// the offline buffer's retries, client reports) never become a span, a breadcrumb or an event,
// while the app's own request does.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { breadcrumbsOf } from '../../helpers/event-fields.js';
import { closedPortUrl } from '../../helpers/fault-server.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { marks } from '../instrumentations/marks.js';

const fixture = fileURLToPath(new URL('./fixtures/self-traffic.cjs', import.meta.url));

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

/** Runs the fixture; opens the DSN (the receiver, on the refused port) when the app says so. */
async function run(way: string): Promise<{ stdout: string; code: number | null; port: number }> {
  const { dsn } = await closedPortUrl();
  const port = Number(new URL(dsn).port);
  const preload = way === 'preload' ? ['--require', 'otel-sentry/preload'] : [];
  const child = spawn(process.execPath, [...preload, fixture], {
    env: { ...process.env, NODE_OPTIONS: '', WAY: way, SENTRY_DSN: dsn, SENTRY_TRACES_SAMPLE_RATE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let opening: Promise<void> | undefined;
  child.stderr.on('data', (d: Buffer) => {
    stderr += d;
  });
  child.stdout.on('data', (d: Buffer) => {
    stdout += d;
    if (!opening && stdout.includes('MARK down')) {
      opening = startReceiver({ port }).then((r) => {
        receiver = r;
      });
    }
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 25_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(killer);
  await opening;
  expect(stderr).toBe('');
  return { stdout, code, port };
}

describe.each(['init', 'node-sdk', 'preload'])('the SDK is not its own subject: way %s', (way) => {
  test('no span, breadcrumb or event from its traffic (offline retries and client reports included)', async () => {
    const { stdout, code, port } = await run(way);
    expect(code).toBe(0);
    const out = marks(stdout);
    expect(out.get('flushed')).toEqual([true]);
    const r = receiver as Receiver;
    // Exactly the app's two events: the one re-sent from disk (or queued, for the preload) and the later one.
    const events = r.events();
    expect(events.map((e) => e.exception?.values.at(-1)?.value).sort()).toEqual([
      'after the app request',
      'while the DSN was down',
    ]);
    expect(r.clientReports().flatMap((c) => c.discarded_events)).toContainEqual(
      expect.objectContaining({ reason: 'event_processor', category: 'error' }),
    );
    expect(r.problems).toEqual([]);
    // The app's own request shows, the SDK's never do.
    const dsnAddress = `127.0.0.1:${port}`;
    const crumbs = events.flatMap((e) => breadcrumbsOf(e));
    expect(crumbs.some((c) => String(c.data?.url).endsWith('/legit'))).toBe(true);
    const transactions = r.transactions();
    expect(transactions.map((t) => t.transaction)).toContain('GET /legit');
    expect(JSON.stringify([events, transactions])).not.toContain(dsnAddress);
    if (way === 'node-sdk') {
      const spans = out.get('spans')?.[0] as { name: string; attributes: Record<string, unknown> }[];
      expect(spans.some((s) => JSON.stringify(s).includes('/legit'))).toBe(true);
      expect(JSON.stringify(spans)).not.toContain(dsnAddress);
    }
  }, 30_000);
});
