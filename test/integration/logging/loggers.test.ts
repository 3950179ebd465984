// pino, winston and bunyan with their integrations (defaults), end to end: the built package in
// a child process, events sent to the receiver. The same app runs without the SDK: its output
// must be the same, line for line.
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Event } from '../../../src/protocol/types.js';
import { breadcrumbsOf, messageOf } from '../../helpers/event-fields.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';

const fixture = fileURLToPath(new URL('./fixtures/loggers.mjs', import.meta.url));

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  expect(receiver.problems).toEqual([]);
  await receiver.close();
});

/** The app's own lines (not the SDK's debug lines or the fixture's report), times and pids removed. */
function appLines(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => !l.startsWith('[otel-sentry]') && !l.startsWith('HINTS '))
    .map((l) => l.replace(/"time":"[^"]*"|"pid":\d+/g, ''))
    .sort(); // the two requests may be served in either order
}

describe.each(['pino', 'winston', 'bunyan'])('%s', (logger) => {
  it('breadcrumbs and events with the log_record hint, the Error as exception, per-request scope, output unchanged', async () => {
    const [plain, result] = await Promise.all([
      runScenario(fixture, { env: { LOGGER: logger, NO_SDK: '1' } }),
      runScenario(fixture, { env: { LOGGER: logger, SENTRY_DSN: receiver.dsn } }),
    ]);
    expect(plain.code).toBe(0);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(appLines(result.stdout)).toEqual(appLines(plain.stdout));
    expect(result.stdout).toContain(`[otel-sentry] ${logger} is instrumented`);

    const events = await receiver.waitForEvents(6);
    const byMessage = (m: string) => events.find((e) => messageOf(e) === m) as Event;
    const requestEvent = (path: string) =>
      events.find((e) => messageOf(e)?.startsWith(`request ${path} failed`)) as Event;

    const traceIds = new Set<string>();
    for (const path of ['/a', '/b']) {
      const event = requestEvent(path);
      expect(event.level).toBe('error');
      expect(event.logger).toBe(path === '/a' ? 'early' : 'late');
      expect(event.tags).toMatchObject({ path });
      expect(event.user).toEqual({ id: path });
      // The Error logged is the exception, with its cause and real frames.
      const values = event.exception?.values ?? [];
      expect(values.map((v) => [v.type, v.value])).toEqual([
        ['Error', `cause of ${path}`],
        ['TypeError', `failed ${path}`],
      ]);
      const top = values.at(-1);
      expect(top?.mechanism).toMatchObject({ type: `auto.log.${logger}`, handled: true });
      expect(top?.stacktrace?.frames?.some((f) => f.filename?.endsWith('loggers.mjs'))).toBe(true);
      // Breadcrumbs: this request's own record only.
      const crumbs = breadcrumbsOf(event);
      const messages = crumbs.map((c) => c.message);
      expect(messages).toContain(`handling ${path}`);
      expect(messages).not.toContain(`handling ${path === '/a' ? '/b' : '/a'}`);
      expect(messages).not.toContain('below the breadcrumb level');
      expect(crumbs.find((c) => c.message === `handling ${path}`)).toMatchObject({
        category: path === '/a' ? 'early' : 'late',
        level: 'info',
      });
      expect(crumbs.find((c) => c.message === `handling ${path}`)?.data).toMatchObject({ path });
      const traceId = event.contexts?.trace?.trace_id;
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      traceIds.add(String(traceId));
    }
    expect(traceIds.size).toBe(2);

    const message = byMessage('no error here 42');
    expect(message).toMatchObject({ level: 'error', logger: 'late' });
    expect(message.exception).toBeUndefined();
    // Outside the requests: the records logged there, fields in `data`, and below the level none.
    const crumbs = breadcrumbsOf(message);
    const hello = crumbs.find((c) => c.message === 'hello world');
    expect(hello).toMatchObject({ category: 'late', level: 'info' });
    expect(hello?.data).toMatchObject({ user: 'u1' });
    expect(crumbs.find((c) => c.message === 'careful')).toMatchObject({
      category: 'early',
      level: 'warning',
    });
    expect(crumbs.map((c) => c.message)).not.toContain('below the breadcrumb level');
    if (logger !== 'pino') {
      // pino formats before it hands the record over: only the formatted message is known.
      expect(message.logentry).toMatchObject({ message: 'no error here %d', params: [42] });
    }

    // Bad input: captured sensibly.
    const big = events.find((e) => e.logger === 'big');
    expect(messageOf(big)?.length).toBeLessThanOrEqual(8192);
    expect(events.find((e) => e.exception?.values?.at(-1)?.value === 'circular')).toBeDefined();
    expect(events.find((e) => e.logger === 'broken')).toBeDefined();
    expect(JSON.stringify(events)).not.toContain('[otel-sentry]');

    const hints = JSON.parse(
      result.stdout
        .split('\n')
        .find((l) => l.startsWith('HINTS '))
        ?.slice(6) ?? 'null',
    );
    expect(hints.breadcrumbs).toEqual(
      expect.arrayContaining(['hello world', 'careful', 'handling /a', 'handling /b']),
    );
    expect(hints.events).toHaveLength(6);
    expect(hints.events.every((e: { record: boolean }) => e.record)).toBe(true);
    expect(
      hints.events.filter((e: { original: string | null }) => e.original?.startsWith('failed /')),
    ).toHaveLength(2);
  });
});
