import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Sentry from '../../../src/index.js';
import type { Event } from '../../../src/protocol/types.js';
import { Scope } from '../../../src/scope.js';
import { getState } from '../../../src/state.js';
import { breadcrumbsOf } from '../../helpers/event-fields.js';
import { createRecordingTransport } from '../../helpers/recording-transport.js';

const DSN = 'https://0123456789abcdef0123456789abcdef@sentry.example.com/1';

function setup(options: Sentry.Options = {}) {
  const { factory, transport } = createRecordingTransport();
  const client = Sentry.init({ dsn: DSN, transport: factory, ...options });
  return { client, transport };
}

afterEach(async () => {
  await Sentry.close(0);
  const state = getState();
  state.globalScope = new Scope();
  state.defaultIsolationScope = new Scope();
  state.defaultCurrentScope = new Scope();
  vi.restoreAllMocks();
});

describe('capture pipeline', () => {
  it('sends an error event with exception, scope data, contexts and sdk info', async () => {
    const { transport } = setup({ release: 'app@1.2.3', environment: 'test', serverName: 'box' });
    Sentry.setTag('t', 'v');
    Sentry.setUser({ id: '42' });
    Sentry.setExtra('x', { deep: 1 });
    Sentry.addBreadcrumb({ message: 'before' });
    const id = Sentry.captureException(new TypeError('boom'));
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(Sentry.lastEventId()).toBe(id);
    await Sentry.flush(1000);
    const [event] = transport.events();
    expect(event).toMatchObject({
      event_id: id,
      platform: 'node',
      level: 'error',
      release: 'app@1.2.3',
      environment: 'test',
      server_name: 'box',
      tags: { t: 'v' },
      user: { id: '42' },
      extra: { x: { deep: 1 } },
      sdk: { name: Sentry.SDK_NAME, version: Sentry.SDK_VERSION },
    });
    expect(event?.exception?.values.at(-1)).toMatchObject({
      type: 'TypeError',
      value: 'boom',
      mechanism: { type: 'generic', handled: true },
    });
    expect(breadcrumbsOf(event).map((b) => b.message)).toEqual(['before']);
    expect(event?.contexts?.runtime).toMatchObject({ name: 'node', version: process.version });
    expect(event?.contexts?.trace?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    const header = transport.envelopes[0]?.[0];
    expect(header).toMatchObject({ event_id: id, sdk: { name: Sentry.SDK_NAME } });
  });

  it('captures messages at the given level', async () => {
    const { transport } = setup();
    Sentry.captureMessage('hello', 'warning');
    await Sentry.flush(1000);
    expect(transport.events()[0]).toMatchObject({ level: 'warning', message: 'hello' });
  });

  it('passes one hint with exc_info and originalException to processors and beforeSend, in order', async () => {
    const order: string[] = [];
    const hints: Sentry.EventHint[] = [];
    const { transport } = setup({
      beforeSend(event, hint) {
        order.push('beforeSend');
        hints.push(hint);
        return event;
      },
    });
    Sentry.addEventProcessor((event, hint) => {
      order.push('global');
      hints.push(hint);
      return event;
    });
    Sentry.getIsolationScope().addEventProcessor((e) => {
      order.push('isolation');
      return e;
    });
    const err = new RangeError('r');
    Sentry.withScope((scope) => {
      scope.addEventProcessor((e) => {
        order.push('current');
        return e;
      });
      Sentry.captureException(err);
    });
    await Sentry.flush(1000);
    expect(order).toEqual(['global', 'isolation', 'current', 'beforeSend']);
    expect(hints[0]).toBe(hints[1]);
    expect(hints[0]?.originalException).toBe(err);
    expect(hints[0]?.exc_info?.[0]).toBe(RangeError);
    expect(hints[0]?.exc_info?.[1]).toBe(err);
    expect(hints[0]?.exc_info?.[2]).toBe(err.stack);
    expect(transport.events()).toHaveLength(1);
  });

  it('drops and counts events when beforeSend or a processor returns null or throws', async () => {
    const { transport } = setup({
      beforeSend(event, hint) {
        const message = (hint.originalException as Error).message;
        if (message === 'null') return null;
        if (message === 'throw') throw new Error('bad hook');
        return event;
      },
    });
    Sentry.addEventProcessor((event, hint) => {
      if ((hint.originalException as Error).message === 'processor') throw new Error('bad processor');
      return event;
    });
    Sentry.captureException(new Error('null'));
    Sentry.captureException(new Error('throw'));
    Sentry.captureException(new Error('processor'));
    Sentry.captureException(new Error('kept'));
    await Sentry.flush(1000);
    expect(transport.events().map((e) => e.exception?.values.at(-1)?.value)).toEqual(['kept']);
    const discarded = transport.clientReports().flatMap((r) => r.discarded_events);
    expect(discarded).toEqual(
      expect.arrayContaining([
        { reason: 'before_send', category: 'error', quantity: 2 },
        { reason: 'event_processor', category: 'error', quantity: 1 },
      ]),
    );
  });

  it('supports async beforeSend that modifies the event', async () => {
    const { transport } = setup({
      beforeSend: async (event: Event) => ({ ...event, tags: { ...event.tags, async: 'yes' } }),
    });
    Sentry.captureException(new Error('x'));
    await Sentry.flush(1000);
    expect(transport.events()[0]?.tags).toEqual({ async: 'yes' });
  });

  it('sends a serializable event whatever beforeSend puts into it', async () => {
    const loop: Record<string, unknown> = {};
    loop.loop = loop;
    const { transport } = setup({
      beforeSend(event) {
        const top = event.exception?.values[0];
        if (top) top.mechanism = { type: 'generic', data: { big: 10n, loop } };
        return { ...event, extra: { n: 1n }, fingerprint: ['{{ default }}'] };
      },
    });
    Sentry.captureException(new Error('x'));
    await Sentry.flush(1000);
    const [event] = transport.events();
    expect(event?.exception?.values[0]?.mechanism?.data).toMatchObject({ big: '10n' });
    expect(event?.extra).toEqual({ n: '1n' });
    expect(event?.release).toBeUndefined();
  });

  it('keeps a breadcrumb when beforeBreadcrumb throws, drops it on null, passes the hint', async () => {
    const seen: unknown[] = [];
    const { transport } = setup({
      beforeBreadcrumb(crumb, hint) {
        seen.push(hint);
        if (crumb.message === 'drop') return null;
        if (crumb.message === 'throw') throw new Error('x');
        return { ...crumb, data: { touched: true } };
      },
    });
    Sentry.addBreadcrumb({ message: 'keep' }, { log_record: 'r' });
    Sentry.addBreadcrumb({ message: 'drop' });
    Sentry.addBreadcrumb({ message: 'throw' });
    Sentry.captureMessage('m');
    await Sentry.flush(1000);
    const crumbs = breadcrumbsOf(transport.events()[0]);
    expect(crumbs.map((c) => c.message)).toEqual(['keep', 'throw']);
    expect(crumbs[0]?.data).toEqual({ touched: true });
    expect(seen[0]).toEqual({ log_record: 'r' });
  });

  it('samples with sampleRate and counts what it drops', async () => {
    const { transport } = setup({ sampleRate: 0 });
    expect(Sentry.captureException(new Error('x'))).toBe('');
    await Sentry.flush(1000);
    expect(transport.events()).toHaveLength(0);
    expect(transport.clientReports()[0]?.discarded_events).toEqual([
      { reason: 'sample_rate', category: 'error', quantity: 1 },
    ]);
  });

  it('drops ignoreErrors matches', async () => {
    const { transport } = setup({ ignoreErrors: ['ECONNRESET', /^Ignored/] });
    Sentry.captureException(new Error('read ECONNRESET'));
    Sentry.captureException(new Error('Ignored thing'));
    Sentry.captureException(new Error('kept'));
    await Sentry.flush(1000);
    expect(transport.events().map((e) => e.exception?.values.at(-1)?.value)).toEqual(['kept']);
  });

  it('applies captureContext from the hint to this event only', async () => {
    const { transport } = setup();
    const idA = Sentry.captureException(new Error('x'), { tags: { once: '1' }, level: 'fatal' });
    Sentry.captureException(new Error('y'));
    await Sentry.flush(1000);
    const a = transport.events().find((e) => e.event_id === idA);
    const b = transport.events().find((e) => e.event_id !== idA);
    expect(a).toMatchObject({ tags: { once: '1' }, level: 'fatal' });
    expect(b?.tags).toBeUndefined();
  });

  it('is a disabled no-op without a DSN, with an invalid DSN, before init and after close', async () => {
    expect(Sentry.captureException(new Error('before init'))).toBe('');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const client = Sentry.init({ dsn: 'not-a-dsn' });
    expect(client?.isEnabled()).toBe(false);
    expect(warn.mock.calls.flat().join(' ')).toContain('invalid DSN');
    expect(Sentry.captureException(new Error('x'))).toBe('');
    Sentry.init({});
    expect(Sentry.captureMessage('x')).toBe('');
    const { transport } = setup();
    await Sentry.close(100);
    expect(Sentry.captureException(new Error('after close'))).toBe('');
    expect(await Sentry.flush(10)).toBe(false);
    expect(transport.events()).toHaveLength(0);
  });

  it('close() flushes pending events first', async () => {
    const { transport } = setup();
    Sentry.captureException(new Error('pending'));
    expect(await Sentry.close(1000)).toBe(true);
    expect(transport.events()).toHaveLength(1);
  });
});

describe('spotlight', () => {
  it('sends a copy of every envelope to a local inbox, even without a DSN', async () => {
    const { startReceiver } = await import('../../helpers/receiver.js');
    const inbox = await startReceiver();
    try {
      const spotlight = `${inbox.url}/stream`;
      Sentry.init({ spotlight });
      Sentry.captureException(new Error('to spotlight'));
      expect(await Sentry.flush(2000)).toBe(true);
      const [event] = await inbox.waitForEvents(1);
      expect(event?.exception?.values.at(-1)?.value).toBe('to spotlight');
      expect(inbox.problems).toEqual([]);
      const { transport } = setup({ spotlight });
      Sentry.captureException(new Error('to both'));
      await Sentry.flush(2000);
      expect(transport.events()).toHaveLength(1);
      await inbox.waitForEvents(2);
    } finally {
      await inbox.close();
    }
  });
});
