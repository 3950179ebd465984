// Shared by the framework tests: runs a fixture app (fixtures/*.cjs, which print `MARK` lines)
// one way in (WAY), against its own receiver so ways run in parallel, and checks what every
// framework must do: one event per thrown 5xx error with the framework's mechanism, named after
// the route, scrubbed request data, isolated concurrent requests.
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Event } from '../../../src/protocol/types.js';
import { startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';
import { marks } from '../instrumentations/marks.js';

export interface Answer {
  status: number;
  body: string;
}

export interface WayResult {
  events: Event[];
  marks: Map<string, unknown[]>;
  answers: Record<string, Answer>;
}

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

/** Runs the fixture one way; all its events are in once it printed `flushed`. */
export async function runWay(
  fixture: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<WayResult> {
  const receiver = await startReceiver();
  try {
    const result = await runScenario(fixturePath(fixture), {
      env: { DSN: receiver.dsn, SENTRY_DSN: receiver.dsn, ...env },
      nodeArgs,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = marks(result.stdout);
    if (env.WAY !== 'none') expect(out.get('flushed')).toEqual([true]);
    expect(receiver.problems).toEqual([]);
    return {
      events: receiver.events(),
      marks: out,
      answers: out.get('answers')?.[0] as Record<string, Answer>,
    };
  } finally {
    await receiver.close();
  }
}

/** The event whose first exception value is `message`; exactly one. */
export function eventFor(events: Event[], message: string | RegExp): Event {
  const found = events.filter((e) => {
    const value = e.exception?.values?.[0]?.value ?? '';
    return typeof message === 'string' ? value === message : message.test(value);
  });
  expect(found, `events for ${message}`).toHaveLength(1);
  return found[0] as Event;
}

/** What every framework's captured route error looks like. */
export function expectRouteError(
  event: Event,
  { framework, transaction, type }: { framework: string; transaction: string; type: string },
): void {
  const exception = event.exception?.values?.at(-1);
  expect(exception?.type).toBe(type);
  expect(exception?.mechanism).toMatchObject({ type: `auto.http.${framework}`, handled: false });
  expect(event.transaction).toBe(transaction);
  expect(event.transaction_info).toEqual({ source: 'route' });
}

/** The request data of GET /users/42?token=abc, sent with an Authorization header. */
export function expectScrubbedRequest(event: Event): void {
  expect(event.request).toMatchObject({ method: 'GET', query_string: 'token=[Filtered]' });
  expect(event.request?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/users\/42$/);
  expect(event.request?.headers?.authorization).toBe('[Filtered]');
  expect(JSON.stringify(event)).not.toContain('secret-token');
}

/** Concurrent GET /users/:id requests (ids 100..107): each event has its own request's tag and user. */
export function expectIsolated(result: WayResult, route: string): void {
  expect(result.marks.get('concurrent')?.[0]).toEqual(Array(8).fill(500));
  for (let id = 100; id < 108; id++) {
    const event = eventFor(result.events, `user ${id} failed`);
    expect(event.tags).toEqual({ rid: String(id) });
    expect(event.user).toEqual({ id: String(id) });
    expect(event.transaction).toBe(`GET ${route}`);
    expect(event.request?.url).toMatch(new RegExp(`/users/${id}$`));
  }
}
