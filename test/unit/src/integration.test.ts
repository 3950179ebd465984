// The integration model: defaults, adding and replacing by name, the function form, lifetimes of
// the hooks, and what happens when an integration misbehaves. The process-wide integrations are
// tested end to end in test/integration/integrations.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Sentry from '../../../src/index.js';
import type { Integration } from '../../../src/integration.js';
import { childProcessIntegration } from '../../../src/integrations/child-process.js';
import { localVariablesIntegration } from '../../../src/integrations/local-variables.js';
import { onUncaughtExceptionIntegration } from '../../../src/integrations/on-uncaught-exception.js';
import { onUnhandledRejectionIntegration } from '../../../src/integrations/on-unhandled-rejection.js';
import type { Event } from '../../../src/protocol/types.js';
import { Scope } from '../../../src/scope.js';
import { getState } from '../../../src/state.js';
import { breadcrumbsOf } from '../../helpers/event-fields.js';
import { createRecordingTransport } from '../../helpers/recording-transport.js';

// Installed before the first init, so the console integration wraps it: counts the real calls.
const debugCalls: unknown[][] = [];
console.debug = (...args: unknown[]) => {
  debugCalls.push(args);
};

const DSN = 'https://0123456789abcdef0123456789abcdef@sentry.example.com/1';
const DEFAULTS = [
  'LinkedErrors',
  'Dedupe',
  'Context',
  'ContextLines',
  'LocalVariables',
  'Modules',
  'Console',
  'Pino',
  'Winston',
  'Bunyan',
  'OnUncaughtException',
  'OnUnhandledRejection',
  'ChildProcess',
  'BullMQ',
  'Exit',
];

function setup(options: Sentry.Options = {}) {
  const { factory, transport } = createRecordingTransport();
  const client = Sentry.init({ dsn: DSN, transport: factory, ...options });
  return { client, transport };
}

async function captureOne(
  options: Sentry.Options = {},
  error: unknown = new Error('boom'),
): Promise<Event[]> {
  const { transport } = setup(options);
  Sentry.captureException(error);
  await Sentry.flush(1000);
  return transport.events();
}

const tagger = (name: string, value = 'yes'): Integration => ({
  name,
  processEvent: (event) => ({ ...event, tags: { ...event.tags, [name]: value } }),
});

afterEach(async () => {
  await Sentry.close(0);
  const state = getState();
  state.globalScope = new Scope();
  state.defaultIsolationScope = new Scope();
  state.defaultCurrentScope = new Scope();
  vi.restoreAllMocks();
});

describe('which integrations run', () => {
  it('the defaults, listed by name in event.sdk.integrations', async () => {
    const [event] = await captureOne();
    expect(event?.sdk?.integrations).toEqual(DEFAULTS);
  });

  it('an array adds integrations after the defaults and replaces a default of the same name', async () => {
    const error = new Error('twice');
    const { transport } = setup({ integrations: [tagger('Custom'), { name: 'Dedupe' }] });
    Sentry.captureException(error);
    Sentry.captureException(error); // the default Dedupe would drop this one
    await Sentry.flush(1000);
    const events = transport.events();
    expect(events).toHaveLength(2);
    expect(events[0]?.sdk?.integrations).toEqual([...DEFAULTS, 'Custom']);
    expect(events[0]?.tags).toEqual({ Custom: 'yes' });
  });

  it('the function form gets the defaults and returns the list', async () => {
    let given: string[] = [];
    const [event] = await captureOne({
      integrations: (defaults) => {
        given = defaults.map((i) => i.name);
        return [...defaults.filter((i) => i.name !== 'Console'), tagger('Custom')];
      },
    });
    expect(given).toEqual(DEFAULTS);
    expect(event?.sdk?.integrations).toEqual([...DEFAULTS.filter((n) => n !== 'Console'), 'Custom']);
  });

  it('defaultIntegrations: false leaves only the user integrations', async () => {
    expect((await captureOne({ defaultIntegrations: false }))[0]?.sdk?.integrations).toEqual([]);
    const [event] = await captureOne({ defaultIntegrations: false, integrations: [tagger('Custom')] });
    expect(event?.sdk?.integrations).toEqual(['Custom']);
    expect(event?.tags).toEqual({ Custom: 'yes' });
  });

  it('a function that throws or returns a non-array falls back to the defaults', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const [a] = await captureOne({ integrations: () => 'nope' as unknown as Integration[] });
    expect(a?.sdk?.integrations).toEqual(DEFAULTS);
    const [b] = await captureOne({
      integrations: () => {
        throw new Error('bad function');
      },
    });
    expect(b?.sdk?.integrations).toEqual(DEFAULTS);
    expect(warn).toHaveBeenCalled();
  });
});

describe('lifetimes', () => {
  it('setupOnce runs once per process, setup once per client', () => {
    const calls = { once: 0, setup: [] as unknown[] };
    const counting = (): Integration => ({
      name: 'Counting',
      setupOnce: () => {
        calls.once += 1;
      },
      setup: (client) => {
        calls.setup.push(client);
      },
    });
    const first = setup({ integrations: [counting()] }).client;
    const second = setup({ integrations: [counting()] }).client;
    expect(calls.once).toBe(1);
    expect(calls.setup).toEqual([first, second]);
  });

  it('a user-written integration: setup sees the client, processEvent sees event, hint and client', async () => {
    const seen: unknown[] = [];
    const integration: Integration = {
      name: 'ReleaseTagger',
      setup(client) {
        seen.push(client.options.release);
      },
      async processEvent(event, hint, client) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        seen.push((hint.originalException as Error).message);
        return { ...event, tags: { ...event.tags, release: client.options.release ?? '' } };
      },
    };
    const [event] = await captureOne({ release: 'app@1', integrations: [integration] });
    expect(seen).toEqual(['app@1', 'boom']);
    expect(event?.tags).toEqual({ release: 'app@1' });
  });
});

describe('misbehaving integrations', () => {
  it('one whose setup or setupOnce throws is skipped with a warning; the others still run', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const broken = (name: string, hook: 'setup' | 'setupOnce'): Integration => ({
      ...tagger(name),
      [hook]: () => {
        throw new Error(`${name} failed`);
      },
    });
    const [event] = await captureOne({
      integrations: [broken('BadSetup', 'setup'), broken('BadOnce', 'setupOnce'), tagger('Good')],
    });
    expect(event?.sdk?.integrations).toEqual([...DEFAULTS, 'Good']);
    expect(event?.tags).toEqual({ Good: 'yes' });
    const warnings = warn.mock.calls.map((c) => c.join(' '));
    expect(warnings.some((w) => w.includes('"BadSetup" failed to set up and is skipped'))).toBe(true);
    expect(warnings.some((w) => w.includes('"BadOnce" failed to set up and is skipped'))).toBe(true);
  });

  it('a processEvent that throws keeps the event as it was; null drops it', async () => {
    const throwing: Integration = {
      name: 'Throws',
      processEvent: () => {
        throw new Error('processEvent failed');
      },
    };
    const [event] = await captureOne({ integrations: [tagger('Before'), throwing, tagger('After')] });
    expect(event?.tags).toEqual({ Before: 'yes', After: 'yes' });

    const { transport } = setup({ integrations: [{ name: 'Drops', processEvent: () => null }] });
    Sentry.captureException(new Error('dropped'));
    await Sentry.flush(1000);
    expect(transport.events()).toHaveLength(0);
  });

  it('integration options of the wrong type warn and fall back to the default', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const bad = <T>(value: unknown) => value as T;
    onUncaughtExceptionIntegration({ exitEvenIfOtherHandlersAreRegistered: bad('yes') });
    onUnhandledRejectionIntegration({ mode: bad('loud') });
    childProcessIntegration(bad('includeArgs'));
    onUnhandledRejectionIntegration({ ignore: bad(['AbortError']) });
    onUnhandledRejectionIntegration(bad('strict'));
    localVariablesIntegration({ maxExceptionsPerSecond: -1, captureAllExceptions: bad('yes') });
    localVariablesIntegration(bad(true));
    const warnings = warn.mock.calls.map((c) => c.join(' '));
    expect(warnings).toEqual([
      '[otel-sentry] onUncaughtExceptionIntegration option "exitEvenIfOtherHandlersAreRegistered" should be a boolean; using its default',
      `[otel-sentry] onUnhandledRejectionIntegration option "mode" should be one of 'warn', 'strict', 'none'; using its default`,
      '[otel-sentry] childProcessIntegration expects an options object; using its defaults',
      '[otel-sentry] onUnhandledRejectionIntegration option "ignore" should be an array of { name?, message? } with strings or RegExps; using its default',
      '[otel-sentry] onUnhandledRejectionIntegration expects an options object; using its defaults',
      '[otel-sentry] localVariablesIntegration option "captureAllExceptions" should be a boolean; using its default',
      '[otel-sentry] localVariablesIntegration option "maxExceptionsPerSecond" should be a positive number; using its default',
      '[otel-sentry] localVariablesIntegration expects an options object; using its defaults',
    ]);
    // Well-typed options, and none at all, are accepted silently.
    onUnhandledRejectionIntegration({
      mode: 'strict',
      ignore: [{ name: /Abort/ }, { message: 'cancelled' }],
    });
    childProcessIntegration({ captureWorkerErrors: false });
    localVariablesIntegration({ captureAllExceptions: false, maxExceptionsPerSecond: 5 });
    childProcessIntegration();
    expect(warn).toHaveBeenCalledTimes(8);
  });
});

describe('console integration, in process', () => {
  it('calls the original once, even when beforeBreadcrumb throws or logs; log_record reaches it', async () => {
    const hints: unknown[] = [];
    const { transport } = setup({
      debug: true,
      beforeBreadcrumb(crumb, hint) {
        hints.push(hint.log_record);
        console.debug('logged from beforeBreadcrumb'); // printed, but no breadcrumb and no loop
        if (crumb.message === 'throw') throw new Error('beforeBreadcrumb failed');
        return crumb;
      },
    });
    vi.spyOn(console, 'warn').mockImplementation(() => {}); // the SDK's own debug output
    debugCalls.length = 0;
    const obj = { a: 1 };
    console.debug('value', obj);
    console.debug('throw');
    expect(debugCalls).toEqual([
      ['logged from beforeBreadcrumb'],
      ['value', obj],
      ['logged from beforeBreadcrumb'],
      ['throw'],
    ]);
    expect(hints).toEqual([
      { level: 'debug', method: 'debug', args: ['value', obj] },
      { level: 'debug', method: 'debug', args: ['throw'] },
    ]);
    expect((hints[0] as { args: unknown[] }).args[1]).toBe(obj); // the original arguments
    Sentry.captureMessage('done');
    await Sentry.flush(1000);
    const crumbs = breadcrumbsOf(transport.events()[0]);
    expect(crumbs.map(({ timestamp: _, ...c }) => c)).toEqual([
      {
        category: 'console',
        level: 'debug',
        message: 'value { a: 1 }',
        data: { logger: 'console', arguments: ['value', '{ a: 1 }'] },
      },
      { category: 'console', level: 'debug', message: 'throw', data: { logger: 'console' } },
    ]);
  });

  it('the patch stays, but records nothing for a client re-initialized without the integration', async () => {
    setup(); // patches the console, if no earlier test did
    const { transport } = setup({ integrations: (d) => d.filter((i) => i.name !== 'Console') });
    console.debug('not recorded');
    Sentry.captureMessage('done');
    await Sentry.flush(1000);
    expect(transport.events()[0]?.breadcrumbs).toBeUndefined();
  });
});
