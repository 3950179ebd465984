import { describe, expect, it } from 'vitest';
import {
  jsonSize,
  normalize,
  normalizeToSize,
  truncateString,
  UNREADABLE,
} from '../../../../src/event/normalize.js';

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
}

function hostileProxy(): object {
  const fail = () => {
    throw new Error('trap');
  };
  return new Proxy(
    {},
    {
      get: fail,
      has: fail,
      ownKeys: fail,
      getOwnPropertyDescriptor: fail,
      getPrototypeOf: fail,
      defineProperty: fail,
      set: fail,
      deleteProperty: fail,
      isExtensible: fail,
      preventExtensions: fail,
      setPrototypeOf: fail,
    },
  );
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** Asserts the value survives JSON round trip unchanged: nothing JSON would drop or reject is left. */
function expectJsonSafe(value: unknown): void {
  expect(JSON.parse(JSON.stringify(value))).toEqual(value);
}

describe('normalize: leaves', () => {
  const date = new Date('2024-01-02T03:04:05.000Z');
  const cases: [string, unknown, unknown][] = [
    ['string', 'abc', 'abc'],
    ['integer', 42, 42],
    ['NaN', Number.NaN, '[NaN]'],
    ['Infinity', Number.POSITIVE_INFINITY, '[Infinity]'],
    ['-Infinity', Number.NEGATIVE_INFINITY, '[-Infinity]'],
    ['boolean', false, false],
    ['null', null, null],
    ['undefined', undefined, '[undefined]'],
    ['BigInt', 123n, '123n'],
    ['Symbol', Symbol('x'), 'Symbol(x)'],
    ['named function', function handler() {}, '[Function: handler]'],
    [
      'anonymous function',
      (
        () => () =>
          1
      )(),
      '[Function: <anonymous>]',
    ],
    ['Date', date, '2024-01-02T03:04:05.000Z'],
    ['invalid Date', new Date(Number.NaN), '[Invalid Date]'],
    ['RegExp', /a+b/gi, '/a+b/gi'],
    ['Buffer', Buffer.alloc(1234), '[Buffer 1234 bytes]'],
    ['Uint8Array', new Uint8Array(10), '[Uint8Array 10 bytes]'],
    ['Float64Array', new Float64Array(4), '[Float64Array 32 bytes]'],
    ['ArrayBuffer', new ArrayBuffer(16), '[ArrayBuffer 16 bytes]'],
    ['DataView', new DataView(new ArrayBuffer(8)), '[DataView 8 bytes]'],
    ['Promise', Promise.resolve(1), '[Promise]'],
    ['WeakMap', new WeakMap(), '[WeakMap]'],
    ['WeakSet', new WeakSet(), '[WeakSet]'],
    ['globalThis', globalThis, '[Global]'],
    ['hostile Proxy', hostileProxy(), UNREADABLE],
    ['revoked Proxy', revokedProxy(), UNREADABLE],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    const out = normalize(input);
    expect(out).toEqual(expected);
    expectJsonSafe(out);
  });
});

describe('normalize: containers', () => {
  it('copies plain objects, arrays, Maps and Sets', () => {
    const input = {
      list: [1, 'two', undefined, null],
      map: new Map<unknown, unknown>([
        ['a', 1],
        [2, 'b'],
        [{ k: 1 }, 'object key'],
      ]),
      set: new Set([1, 2, 2, 3]),
    };
    expect(normalize(input)).toEqual({
      list: [1, 'two', '[undefined]', null],
      map: { a: 1, '2': 'b', '[Object]': 'object key' },
      set: [1, 2, 3],
    });
  });

  it('keeps class instances as their own enumerable properties, and names them past the depth', () => {
    expect(normalize({ p: new Point(1, 2) })).toEqual({ p: { x: 1, y: 2 } });
    expect(normalize({ a: { b: { p: new Point(1, 2) } } })).toEqual({ a: { b: { p: '[Point]' } } });
  });

  it('copies Errors with name, message, stack, cause and own properties', () => {
    const err = Object.assign(new RangeError('out', { cause: 'why' }), { code: 'E_RANGE' });
    const out = normalize(err) as Record<string, unknown>;
    expect(out).toMatchObject({ name: 'RangeError', message: 'out', cause: 'why', code: 'E_RANGE' });
    expect(out.stack).toContain('RangeError: out');
  });

  it('handles symbol keys, null prototypes and a __proto__ own key', () => {
    const obj: Record<PropertyKey, unknown> = Object.create(null);
    obj[Symbol('s')] = 1n;
    Object.defineProperty(obj, '__proto__', { value: { polluted: true }, enumerable: true });
    const out = normalize(obj) as Record<string, unknown>;
    expect(out['Symbol(s)']).toBe('1n');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('skips non-enumerable properties', () => {
    const obj = { visible: 1 };
    Object.defineProperty(obj, 'hidden', { value: 2, enumerable: false });
    expect(normalize(obj)).toEqual({ visible: 1 });
  });

  it('uses toJSON, guarded', () => {
    const throwing = {
      toJSON() {
        throw new Error('no');
      },
    };
    const self = {
      a: 1,
      toJSON() {
        return this;
      },
    };
    expect(normalize({ v: { toJSON: () => ({ shown: true }) } })).toEqual({ v: { shown: true } });
    expect(normalize({ throwing })).toEqual({ throwing: UNREADABLE });
    expect(normalize(self)).toEqual({ a: 1, toJSON: '[Function: toJSON]' });
  });
});

describe('normalize: limits', () => {
  it('stops at the depth', () => {
    const deep = { a: { b: { c: { d: 1 } } }, list: [[[[1]]]] };
    expect(normalize(deep)).toEqual({ a: { b: { c: '[Object]' } }, list: [['[Array]']] });
    expect(normalize(deep, 1)).toEqual({ a: '[Object]', list: '[Array]' });
    expect(normalize(deep, 0)).toBe('[Object]');
  });

  it('stops at the breadth with a marker', () => {
    const wide = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i]));
    const out = normalize(wide) as Record<string, unknown>;
    expect(Object.keys(out)).toHaveLength(1001);
    expect(out.k1000).toBe('[MaxProperties ~]');
    const arr = normalize(
      Array.from({ length: 5 }, (_, i) => i),
      3,
      3,
    );
    expect(arr).toEqual([0, 1, 2, '[MaxProperties ~]']);
    expect(normalize(new Set([1, 2, 3]), 3, 2)).toEqual([1, 2, '[MaxProperties ~]']);
    expect(
      normalize(
        new Map([
          ['a', 1],
          ['b', 2],
          ['c', 3],
        ]),
        3,
        2,
      ),
    ).toEqual({ a: 1, b: 2, c: '[MaxProperties ~]' });
  });

  it('does not expand a huge sparse array', () => {
    const start = performance.now();
    const out = normalize(new Array(1e9)) as unknown[];
    expect(out).toHaveLength(1001);
    expect(performance.now() - start).toBeLessThan(200);
  });

  it('truncates long strings without splitting surrogate pairs', () => {
    const big = 'x'.repeat(10_000_000);
    const out = normalize({ big }) as { big: string };
    expect(out.big).toHaveLength(16384 + 3);
    expect(out.big.endsWith('...')).toBe(true);
    expect(normalize('ab😀cd', 3, 10, 3)).toBe('ab...');
    expect(truncateString('short', 10)).toBe('short');
  });

  it('marks cycles but not shared references', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    const shared = { s: 1 };
    const list: unknown[] = [shared, shared];
    list.push(list);
    expect(normalize(a)).toEqual({ name: 'a', self: '[Circular ~]' });
    expect(normalize(list)).toEqual([{ s: 1 }, { s: 1 }, '[Circular ~]']);
    const map = new Map<string, unknown>();
    map.set('me', map);
    expect(normalize(map)).toEqual({ me: '[Circular ~]' });
  });

  it('handles 10k-deep nesting at any requested depth', () => {
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 10_000; i++) {
      const next = {};
      deep.next = next;
      deep = next;
    }
    expect(() => normalize(root, 3)).not.toThrow();
    const out = normalize(root, Number.POSITIVE_INFINITY);
    expect(jsonSize(out)).toBeLessThan(10_000);
  });

  it('bounds fan-out through shared references', () => {
    let level: unknown = 'leaf';
    for (let i = 0; i < 6; i++) level = Array.from({ length: 1000 }, () => level);
    const start = performance.now();
    const out = normalize(level, 6);
    expect(performance.now() - start).toBeLessThan(5000);
    expect(jsonSize(out)).toBeLessThan(50_000_000);
  });
});

describe('normalize: hostile values', () => {
  it('marks throwing getters per key and keeps the rest', () => {
    const obj = {
      ok: 1,
      get bad(): never {
        throw new Error('getter');
      },
    };
    expect(normalize(obj)).toEqual({ ok: 1, bad: UNREADABLE });
  });

  it('survives Proxies, revoked Proxies and throwing Error fields inside containers', () => {
    const err = new Error('e');
    Object.defineProperty(err, 'message', {
      get() {
        throw new Error('no message');
      },
    });
    const fnProxy = new Proxy(() => 1, {
      get() {
        throw new Error('trap');
      },
    });
    const out = normalize({ p: hostileProxy(), r: revokedProxy(), err, fnProxy, list: [revokedProxy()] });
    expect(out).toMatchObject({
      p: UNREADABLE,
      r: UNREADABLE,
      err: { message: UNREADABLE },
      fnProxy: '[Function: <anonymous>]',
      list: [UNREADABLE],
    });
    expectJsonSafe(out);
  });

  it('survives a Proxy that lies about its keys', () => {
    const liar = new Proxy({}, { ownKeys: () => ['a', 'b'], getOwnPropertyDescriptor: () => undefined });
    expect(normalize(liar)).toEqual({});
  });
});

describe('normalizeToSize', () => {
  it('returns the normalized value when it fits', () => {
    expect(normalizeToSize({ a: { b: 1 } })).toEqual({ a: { b: 1 } });
  });

  it('lowers the depth until the JSON fits', () => {
    const value = { a: { b: { c: 'x'.repeat(5000) } } };
    const out = normalizeToSize(value, 3, 1000);
    expect(out).toEqual({ a: { b: '[Object]' } });
    expect(jsonSize(out)).toBeLessThanOrEqual(1000);
  });

  it('cuts a top-level string that is too long even at depth 0', () => {
    const out = normalizeToSize('€'.repeat(100_000), 3, 1000);
    expect(jsonSize(out)).toBeLessThanOrEqual(1000);
  });

  it('never throws on hostile input', () => {
    for (const input of [hostileProxy(), revokedProxy(), 10n, Symbol('s'), undefined]) {
      expect(() => normalizeToSize(input)).not.toThrow();
    }
  });
});
