// wrapJob for queues without an integration, in this process, events sent to the receiver.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as Sentry from '../../../src/index.js';
import type { Event } from '../../../src/protocol/types.js';
import { breadcrumbsOf } from '../../helpers/event-fields.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';

let receiver: Receiver;
let seen = 0;
beforeAll(async () => {
  receiver = await startReceiver();
  Sentry.init({ dsn: receiver.dsn, defaultIntegrations: false });
});
afterAll(async () => {
  await Sentry.close(0);
  await receiver.close();
});
beforeEach(() => {
  seen = receiver.events().length;
});
afterEach(() => {
  expect(receiver.problems).toEqual([]);
});

async function fresh(count: number): Promise<Event[]> {
  await receiver.waitForEvents(seen + count);
  return receiver.events().slice(seen);
}

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

describe('wrapJob', () => {
  it('runs each call in its own scope, captures and re-throws, continues the trace from the headers', async () => {
    const sendEmail = Sentry.wrapJob(
      'send-email',
      async (message: { to: string; headers: Record<string, string> }) => {
        Sentry.addBreadcrumb({ message: `to ${message.to}` });
        Sentry.setTag('to', message.to);
        if (message.to === 'bounce') throw new Error('mailbox full');
        return `sent to ${message.to}`;
      },
      { queue: 'mail', traceHeaders: (message) => message.headers },
    );
    const headers = { traceparent: `00-${TRACE}-${PARENT}-01` };
    expect(await sendEmail({ to: 'ann', headers })).toBe('sent to ann');
    const error = await sendEmail({ to: 'bounce', headers }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('mailbox full');
    const [event, ...rest] = await fresh(1);
    expect(rest).toEqual([]);
    expect(event?.exception?.values.at(-1)?.mechanism).toEqual({
      type: 'auto.queue.wrap_job',
      handled: false,
    });
    expect(event?.contexts?.job).toEqual({ name: 'send-email', queue: 'mail' });
    expect(event?.transaction).toBe('send-email');
    expect(event?.tags).toEqual({ to: 'bounce' });
    expect(breadcrumbsOf(event).map((b) => b.message)).toEqual(['to bounce']);
    // In the producer's trace; errors only (no tracesSampleRate), so no span of its own.
    expect(event?.contexts?.trace).toMatchObject({ trace_id: TRACE, span_id: PARENT });
    expect(Sentry.getIsolationScope().getScopeData().tags).toEqual({});
  });

  it('without headers, each call starts its own trace', async () => {
    const job = Sentry.wrapJob('resize', async (n: number) => {
      throw new Error(`resize ${n}`);
    });
    await expect(job(1)).rejects.toThrow('resize 1');
    await expect(job(2)).rejects.toThrow('resize 2');
    const [a, b] = await fresh(2);
    expect(a?.contexts?.trace?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(a?.contexts?.trace?.trace_id).not.toBe(b?.contexts?.trace?.trace_id);
  });

  it('with tracesSampleRate, in a process span of its own, a child of the producer span', async () => {
    Sentry.init({ dsn: receiver.dsn, defaultIntegrations: false, tracesSampleRate: 1 });
    const job = Sentry.wrapJob(
      'traced',
      async (headers: Record<string, string>) => {
        throw new Error(`traced ${Object.keys(headers).length}`);
      },
      { queue: 'work', traceHeaders: (headers) => headers },
    );
    await expect(job({ traceparent: `00-${TRACE}-${PARENT}-01` })).rejects.toThrow('traced 1');
    const [event] = await fresh(1);
    expect(event?.contexts?.trace).toMatchObject({ trace_id: TRACE, parent_span_id: PARENT });
    expect(event?.contexts?.trace?.span_id).not.toBe(PARENT);
    await receiver.waitFor(() => receiver.transactions().some((t) => t.transaction === 'process work'));
    Sentry.init({ dsn: receiver.dsn, defaultIntegrations: false });
  });

  describe('bad input', () => {
    it('a circular payload passes through untouched and is captured sensibly', async () => {
      const payload: Record<string, unknown> = { id: 7 };
      payload.self = payload;
      let received: unknown;
      const job = Sentry.wrapJob('circular', (p: Record<string, unknown>) => {
        received = p;
        throw new Error('cannot process');
      });
      await expect(job(payload)).rejects.toThrow('cannot process');
      expect(received).toBe(payload);
      const [event] = await fresh(1);
      expect(event?.exception?.values.at(-1)?.value).toBe('cannot process');
    });

    it('a job that throws a non-Error: captured, the same value re-thrown; a throwing traceHeaders is ignored', async () => {
      const thrown = { reason: 'quota' };
      const job = Sentry.wrapJob('quota', () => Promise.reject(thrown), {
        traceHeaders: () => {
          throw new Error('bad headers');
        },
      });
      await expect(job()).rejects.toBe(thrown);
      const [event] = await fresh(1);
      expect(event?.exception?.values.at(-1)?.mechanism?.type).toBe('auto.queue.wrap_job');
    });

    it('a name that is not a string, a fn that is not a function, sync results', async () => {
      expect(Sentry.wrapJob('x', 'nope' as never)).toBe('nope');
      const job = Sentry.wrapJob(42 as never, (a: number) => a * 2);
      const result = { same: true };
      expect(await job(4)).toBe(8);
      expect(await Sentry.wrapJob('id', () => result)()).toBe(result);
    });
  });
});
