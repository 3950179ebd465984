// Every public function, fed hostile input, must neither throw nor leave an unhandled rejection,
// and every event that still gets sent must be valid JSON within Sentry's size limit.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Sentry from '../../../src/index.js';
import { Scope } from '../../../src/scope.js';
import { getState } from '../../../src/state.js';
import { createRecordingTransport } from '../../helpers/recording-transport.js';

const throwingProxy = new Proxy(
  {},
  {
    get() {
      throw new Error('get trap');
    },
    ownKeys() {
      throw new Error('ownKeys trap');
    },
    getPrototypeOf() {
      throw new Error('proto trap');
    },
    has() {
      throw new Error('has trap');
    },
  },
);
const revoked = Proxy.revocable({}, {});
revoked.revoke();
const circular: Record<string, unknown> = { name: 'loop' };
circular.self = circular;
const getterBomb = Object.defineProperty({}, 'message', {
  enumerable: true,
  get() {
    throw new Error('getter');
  },
});
function errorWithBadGetters(): Error {
  const err = new Error('bad');
  for (const key of ['stack', 'name', 'cause']) {
    Object.defineProperty(err, key, {
      get() {
        throw new Error(`${key} getter`);
      },
    });
  }
  return err;
}
let deep: Record<string, unknown> = {};
const deepRoot = deep;
for (let i = 0; i < 10_000; i++) {
  deep.next = {};
  deep = deep.next as Record<string, unknown>;
}
const big = 'x'.repeat(10 * 1024 * 1024);
const frozenHint = Object.freeze({ originalException: 1 });

const hostile = (): unknown[] => [
  undefined,
  null,
  0,
  Number.NaN,
  -1,
  '',
  big,
  Symbol('s'),
  10n,
  () => {},
  [],
  new Map([[{}, circular]]),
  new Set([circular]),
  Buffer.alloc(1024),
  throwingProxy,
  revoked.proxy,
  circular,
  getterBomb,
  errorWithBadGetters(),
  deepRoot,
  Object.create(null),
  new Error('cause loop', { cause: circular }),
  new AggregateError([new Error('a'), throwingProxy], 'agg'),
  frozenHint,
  Promise.resolve(),
];

describe('the public API under hostile input', () => {
  const { factory, transport } = createRecordingTransport();
  const unhandled: unknown[] = [];
  const onUnhandled = (r: unknown) => unhandled.push(r);

  beforeAll(() => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    process.on('unhandledRejection', onUnhandled);
    Sentry.init({
      dsn: 'https://0123456789abcdef0123456789abcdef@h.example.com/1',
      transport: factory,
      attachStacktrace: true,
    });
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await Sentry.close(0);
    vi.restoreAllMocks();
  });

  const calls: [string, (v: unknown) => unknown][] = [
    ['captureException', (v) => Sentry.captureException(v)],
    ['captureException with hint', (v) => Sentry.captureException(new Error('e'), v as never)],
    ['captureMessage', (v) => Sentry.captureMessage(v)],
    ['captureMessage level', (v) => Sentry.captureMessage('m', v as never)],
    ['captureEvent', (v) => Sentry.captureEvent(v as never, v as never)],
    ['addBreadcrumb', (v) => Sentry.addBreadcrumb(v as never, v as never)],
    ['addBreadcrumb data', (v) => Sentry.addBreadcrumb({ message: 'm', data: v as never })],
    ['setUser', (v) => Sentry.setUser(v as never)],
    ['setTag', (v) => Sentry.setTag(v as never, v)],
    ['setTags', (v) => Sentry.setTags(v as never)],
    ['setExtra', (v) => Sentry.setExtra('k', v)],
    ['setExtras', (v) => Sentry.setExtras(v as never)],
    ['setContext', (v) => Sentry.setContext('c', v as never)],
    ['withScope', (v) => Sentry.withScope(v as never)],
    ['withIsolationScope', (v) => Sentry.withIsolationScope(v as never)],
    ['addEventProcessor', (v) => Sentry.addEventProcessor(v as never)],
    ['flush', (v) => Sentry.flush(v as never)],
    ['lastEventId', () => Sentry.lastEventId()],
    ['getCurrentScope', () => Sentry.getCurrentScope().setTag('a', 'b')],
    ['metrics.count', (v) => Sentry.metrics.count(v as never, v as never, v as never)],
    ['metrics.gauge options', (v) => Sentry.metrics.gauge('g', 1, v as never)],
    [
      'metrics.distribution attributes',
      (v) => Sentry.metrics.distribution('d', 1, { attributes: v as never }),
    ],
    ['withMonitor slug', (v) => Sentry.withMonitor(v as never, () => 1, v as never)],
    ['withMonitor callback', (v) => Sentry.withMonitor('job', v as never)],
    ['captureCheckIn', (v) => Sentry.captureCheckIn(v as never, v as never)],
  ];

  for (const [name, call] of calls) {
    it(`${name} never throws`, () => {
      for (const [i, value] of hostile().entries()) {
        try {
          call(value);
        } catch (err) {
          throw new Error(`${name} threw on hostile value #${i}: ${String((err as Error).message)}`);
        }
      }
    });
  }

  it('init never throws, whatever the options', () => {
    for (const value of hostile()) expect(() => Sentry.init(value as never)).not.toThrow();
    Sentry.init({ dsn: 'https://0123456789abcdef0123456789abcdef@h.example.com/1', transport: factory });
  });

  it('sends only serializable events under 1 MiB, and leaves no unhandled rejection', async () => {
    getState().globalScope = new Scope(); // the addEventProcessor case above added `() => {}`, which drops all
    // Earlier cases captured the same objects already; without Dedupe every capture must arrive.
    Sentry.init({
      dsn: 'https://0123456789abcdef0123456789abcdef@h.example.com/1',
      transport: factory,
      integrations: (defaults) => defaults.filter((i) => i.name !== 'Dedupe'),
    });
    await Sentry.flush(5000);
    transport.envelopes.length = 0;
    Sentry.setExtra('big', big);
    Sentry.setContext('circular', circular);
    Sentry.setExtra('deep', deepRoot);
    for (const value of hostile()) Sentry.captureException(value);
    expect(await Sentry.flush(5000)).toBe(true);
    await new Promise((r) => setImmediate(r));
    const events = transport.events();
    expect(events.length).toBeGreaterThanOrEqual(hostile().length);
    for (const event of events) {
      expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThanOrEqual(1_000_000);
      expect(event.exception?.values.length).toBeGreaterThan(0);
    }
    expect(unhandled).toEqual([]);
  });

  it('a throwing or rejecting transport harms nothing', async () => {
    Sentry.init({
      dsn: 'https://0123456789abcdef0123456789abcdef@h.example.com/1',
      transport: () => ({
        send() {
          throw new Error('send');
        },
        flush: () => Promise.reject(new Error('flush')),
      }),
    });
    expect(() => Sentry.captureException(new Error('x'))).not.toThrow();
    expect(await Sentry.flush(100)).toBe(false);
    Sentry.init({
      dsn: 'https://0123456789abcdef0123456789abcdef@h.example.com/1',
      transport: () => ({
        send: () => Promise.reject(new Error('async send')),
        flush: () => new Promise(() => {}),
      }),
    });
    Sentry.captureException(new Error('y'));
    expect(await Sentry.flush(50)).toBe(false);
    expect(await Sentry.close(50)).toBe(false);
    await new Promise((r) => setImmediate(r));
    expect(unhandled).toEqual([]);
  });
});
