// Capture contexts in the forms @sentry/node takes (an object, a Scope, a callback), and the hint
// beforeSend sees.
import { afterEach, describe, expect, it } from 'vitest';
import type { EventHint } from '../../../src/index.js';
import * as Sentry from '../../../src/index.js';
import { Scope } from '../../../src/scope.js';
import { getState } from '../../../src/state.js';
import { messageOf } from '../../helpers/event-fields.js';
import { createRecordingTransport } from '../../helpers/recording-transport.js';

const DSN = 'https://0123456789abcdef0123456789abcdef@sentry.example.com/1';

function setup(options: Sentry.Options = {}) {
  const { factory, transport } = createRecordingTransport();
  Sentry.init({ dsn: DSN, transport: factory, ...options });
  return transport;
}

afterEach(async () => {
  await Sentry.close(0);
  const state = getState();
  state.globalScope = new Scope();
  state.defaultIsolationScope = new Scope();
  state.defaultCurrentScope = new Scope();
});

describe('capture contexts', () => {
  it('takes a Scope: its data applies to this event only', async () => {
    const transport = setup();
    const scope = new Scope();
    scope.setTag('from', 'scope');
    scope.setLevel('warning');
    scope.setUser({ id: 'u-1' });
    Sentry.captureMessage('with a scope', scope);
    Sentry.captureException(new Error('also with a scope'), scope);
    Sentry.captureMessage('without');
    await Sentry.flush(1000);
    const events = transport.events();
    const byText = (text: string) =>
      events.find((e) => messageOf(e) === text || e.exception?.values[0]?.value === text);
    expect(byText('with a scope')).toMatchObject({
      tags: { from: 'scope' },
      level: 'warning',
      user: { id: 'u-1' },
    });
    expect(byText('also with a scope')).toMatchObject({ tags: { from: 'scope' }, level: 'warning' });
    expect(byText('without')?.tags).toBeUndefined();
  });

  it('takes a callback given a clone of the current scope; a throwing one is ignored', async () => {
    const transport = setup();
    Sentry.setTag('outer', 'kept');
    Sentry.captureMessage('callback', (scope) => scope.setTag('from', 'callback'));
    Sentry.captureMessage('throwing callback', () => {
      throw new Error('user bug');
    });
    await Sentry.flush(1000);
    const [first, second] = transport.events();
    expect(first?.tags).toEqual({ outer: 'kept', from: 'callback' });
    expect(second?.tags).toEqual({ outer: 'kept' });
    expect(Sentry.getIsolationScope().getScopeData().tags).toEqual({ outer: 'kept' });
  });

  it('gives beforeSend a syntheticException for an Error too', async () => {
    const hints: EventHint[] = [];
    setup({
      beforeSend: (event, hint) => {
        hints.push(hint);
        return event;
      },
    });
    Sentry.captureException(new Error('real'));
    Sentry.captureException('a string');
    await Sentry.flush(1000);
    expect(hints.map((h) => h.syntheticException instanceof Error)).toEqual([true, true]);
  });
});
