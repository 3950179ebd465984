// The DSN's key never appears in the SDK's logs, in breadcrumbs or in events, whatever the DSN
// answers; the app below logs it itself (console breadcrumb) and puts it in an event's extra.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { breadcrumbsOf } from '../../helpers/event-fields.js';
import { closedPortUrl, type FaultServer, startFaultServer } from '../../helpers/fault-server.js';
import { PUBLIC_KEY, type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';

const fixture = fileURLToPath(new URL('./fixtures/dsn-key.mjs', import.meta.url));

let receiver: Receiver | undefined;
let server: FaultServer | undefined;
afterEach(async () => {
  await receiver?.close();
  await server?.close();
  receiver = undefined;
  server = undefined;
});

function expectNoKeyInOutput(result: { stdout: string; stderr: string; code: number | null }): void {
  expect(result.code).toBe(0);
  // The app prints the DSN itself (a console breadcrumb); the SDK's own lines must not.
  const sdkLines = `${result.stdout}\n${result.stderr}`
    .split('\n')
    .filter((l) => l.startsWith('[otel-sentry]'));
  expect(sdkLines.length).toBeGreaterThan(1); // debug logging was on
  expect(sdkLines.join('\n')).not.toContain(PUBLIC_KEY);
}

describe("the DSN's key", () => {
  test('is in no event, breadcrumb or log line of a healthy run', async () => {
    receiver = await startReceiver();
    const result = await runScenario(fixture, { args: [receiver.dsn] });
    expectNoKeyInOutput(result);
    const events = await receiver.waitForEvents(2);
    expect(receiver.problems).toEqual([]);
    const crumbs = events.flatMap((e) => breadcrumbsOf(e));
    expect(crumbs.some((c) => c.category === 'console')).toBe(true);
    expect(crumbs.some((c) => c.category === 'http')).toBe(true);
    // The SDK's own requests to the DSN are not breadcrumbs.
    expect(crumbs.filter((c) => String(c.data?.url ?? '').includes('/envelope/'))).toEqual([]);
    expect(JSON.stringify(events)).not.toContain(PUBLIC_KEY);
  });

  test.each([['status-500' as const], [{ status: 429, headers: { 'retry-after': '30' } }]])(
    'is in no log line when the DSN answers %j',
    async (mode) => {
      server = await startFaultServer({ mode });
      const result = await runScenario(fixture, { args: [server.dsn] });
      expectNoKeyInOutput(result);
      expect(server.requestCount).toBeGreaterThan(0);
      // Only the envelope header's sampling context names the key (Sentry requires it there).
      const items = server.received.flatMap((r) => r.envelope?.[1] ?? []);
      expect(items.length).toBeGreaterThan(0);
      expect(JSON.stringify(items)).not.toContain(PUBLIC_KEY);
    },
  );

  test('is in no log line when the DSN refuses connections', async () => {
    const { dsn } = await closedPortUrl();
    expectNoKeyInOutput(await runScenario(fixture, { args: [dsn] }));
  });
});
