// The event user code and transports see has @sentry/node's shape (see also the parity test in
// test/integration/capture/node-shape.test.ts); here the SDK's own paths and bad input, in process.
import { afterEach, describe, expect, it } from 'vitest';
import * as Sentry from '../../../src/index.js';
import type { Event } from '../../../src/protocol/types.js';
import { Scope } from '../../../src/scope.js';
import { getState } from '../../../src/state.js';
import { createRecordingTransport } from '../../helpers/recording-transport.js';
import { schemaErrors } from '../../helpers/schema.js';

const DSN = 'https://0123456789abcdef0123456789abcdef@sentry.example.com/1';

function setup(options: Sentry.Options = {}) {
  const { factory, transport } = createRecordingTransport();
  const seen: Event[] = [];
  Sentry.init({
    dsn: DSN,
    transport: factory,
    defaultIntegrations: false,
    beforeSend: (event) => {
      seen.push(structuredClone(event));
      return event;
    },
    ...options,
  });
  return { transport, seen };
}

afterEach(async () => {
  await Sentry.close(0);
  const state = getState();
  state.globalScope = new Scope();
  state.defaultIsolationScope = new Scope();
  state.defaultCurrentScope = new Scope();
});

describe('event shape', () => {
  it('captureMessage: `message` and the level as given, log included; an unknown level is info', async () => {
    const { transport, seen } = setup();
    Sentry.captureMessage('one', 'log');
    Sentry.captureMessage('two', 'bogus' as Sentry.SeverityLevel);
    await Sentry.flush(1000);
    expect(seen.map((e) => [e.message, e.level, e.logentry])).toEqual([
      ['one', 'log', undefined],
      ['two', 'info', undefined],
    ]);
    expect(transport.events().map((e) => [e.message, e.level])).toEqual([
      ['one', 'log'],
      ['two', 'info'],
    ]);
    for (const e of transport.events()) expect(schemaErrors(e)).toBeUndefined();
  });

  it('a parameterized message with circular or huge params is sent, normalized', async () => {
    const { transport } = setup();
    const circular: Record<string, unknown> = { name: 'c' };
    circular.self = circular;
    const huge = 'x'.repeat(2_000_000);
    expect(Sentry.captureMessage(Sentry.parameterize`a ${circular} b ${huge}`)).toMatch(/^[0-9a-f]{32}$/);
    await Sentry.flush(1000);
    const [event] = transport.events();
    expect(event?.message).toBeUndefined();
    expect(event?.logentry?.message).toBe('a %s b %s');
    expect(event?.logentry?.params?.[0]).toEqual({ name: 'c', self: '[Circular ~]' });
    expect(JSON.stringify(event).length).toBeLessThan(1_000_000);
    expect(schemaErrors(event)).toBeUndefined();
  });

  it('captureMessage with an object captures it as an exception, as @sentry/node', async () => {
    const { transport } = setup();
    Sentry.captureMessage({ code: 1 } as unknown as string, 'warning');
    await Sentry.flush(1000);
    const [event] = transport.events();
    expect(event?.level).toBe('error');
    expect(event?.message).toBeUndefined();
    expect(event?.exception?.values.at(-1)).toMatchObject({
      type: 'Error',
      value: 'Object captured as exception with keys: code',
      mechanism: { type: 'generic', handled: true, synthetic: true },
    });
  });

  it('breadcrumbs are an array everywhere, whatever form captureEvent or beforeSend gives', async () => {
    const { transport, seen } = setup({
      beforeSend: (event) => {
        seen.push(structuredClone(event));
        // User code written for the schema's form still works.
        return event.message === 'wrapped'
          ? { ...event, breadcrumbs: { values: [{ message: 'w' }] } as never }
          : event;
      },
    });
    Sentry.addBreadcrumb({ message: 'scope crumb' });
    Sentry.captureEvent({
      message: 'given',
      breadcrumbs: { values: [{ message: 'own', timestamp: 1 }] } as never,
    });
    Sentry.captureMessage('wrapped');
    await Sentry.flush(1000);
    expect(seen[0]?.breadcrumbs?.map((b) => b.message)).toEqual(['scope crumb', 'own']);
    const [given, wrapped] = transport.events();
    expect(given?.breadcrumbs?.map((b) => b.message)).toEqual(['scope crumb', 'own']);
    expect(wrapped?.breadcrumbs).toEqual([{ message: 'w' }]);
    for (const e of transport.events()) expect(schemaErrors(e)).toBeUndefined();
  });

  it('tag values keep their type and custom user keys stay, on every path', async () => {
    const { transport, seen } = setup();
    Sentry.setTag('n', 1);
    Sentry.setUser({ id: 3, plan: 'pro', nested: { a: 1 } });
    Sentry.captureException(new Error('x'), { tags: { b: false, s: 's' } });
    Sentry.withScope((scope) => {
      scope.setTag('f', 1.5);
      Sentry.captureEvent({ message: 'e', tags: { own: 2 } });
    });
    await Sentry.flush(1000);
    expect(seen[0]?.tags).toEqual({ n: 1, b: false, s: 's' });
    expect(seen[0]?.user).toEqual({ id: 3, plan: 'pro', nested: { a: 1 } });
    const [first, second] = transport.events();
    expect(first?.tags).toEqual({ n: 1, b: false, s: 's' });
    expect(first?.user).toEqual({ id: 3, plan: 'pro', nested: { a: 1 } });
    expect(second?.tags).toEqual({ n: 1, f: 1.5, own: 2 });
    for (const e of transport.events()) expect(schemaErrors(e)).toBeUndefined();
  });

  it('a long message is cut to maxValueLength; ignoreErrors and dedupe read `message`', async () => {
    const { transport } = setup({
      maxValueLength: 10,
      ignoreErrors: ['secret'],
      integrations: [Sentry.dedupeIntegration()],
    });
    Sentry.captureMessage('0123456789abcdef');
    Sentry.captureMessage('a secret thing');
    Sentry.captureMessage('same');
    Sentry.captureMessage('same');
    Sentry.captureMessage('other');
    await Sentry.flush(1000);
    expect(transport.events().map((e) => e.message)).toEqual(['0123456789...', 'same', 'other']);
  });
});

describe('capture context as @sentry/node takes it', () => {
  it('a function given a fork of the current scope, or a Scope whose data is applied', async () => {
    const { transport } = setup();
    Sentry.setTag('base', 'yes');
    Sentry.captureException(new Error('fn'), (scope) => {
      scope.setTag('from', 'fn');
      scope.setLevel('warning');
      return scope;
    });
    const given = new Sentry.Scope().setTag('from', 'scope').setUser({ id: 'u' });
    Sentry.captureMessage('scope', given);
    Sentry.captureException(new Error('throws'), () => {
      throw new Error('user bug');
    });
    await Sentry.flush(1000);
    const [fn, scope, throws] = transport.events();
    expect(fn).toMatchObject({ level: 'warning', tags: { base: 'yes', from: 'fn' } });
    expect(scope).toMatchObject({
      message: 'scope',
      tags: { base: 'yes', from: 'scope' },
      user: { id: 'u' },
    });
    expect(throws?.tags).toEqual({ base: 'yes' });
    expect(Sentry.getCurrentScope().getScopeData().tags.from).toBeUndefined();
  });
});
