// Property tests of the normalizer: any value in (cycles, exotic objects, throwing getters,
// Proxies included), JSON-safe data within the depth, breadth and length limits out.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { normalize } from '../../../../src/event/normalize.js';

/** Values JSON cannot hold, and objects that fight being read. */
const exotic = fc.constantFrom<unknown>(
  undefined,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -0,
  10n ** 30n,
  Symbol('s'),
  () => 1,
  new Date(Number.NaN),
  /re/g,
  new Map([[{ k: 1 }, new Set([1])]]),
  new Uint8Array([1, 2]),
  Promise.resolve(1),
  new WeakMap(),
  new Error('e', { cause: new Error('c') }),
  Object.create(null),
  new Proxy(
    {},
    {
      get: () => {
        throw new Error('trap');
      },
      ownKeys: () => {
        throw new Error('trap');
      },
    },
  ),
  Object.defineProperty({}, 'x', {
    enumerable: true,
    get: () => {
      throw new Error('getter');
    },
  }),
  {
    toJSON: () => {
      throw new Error('toJSON');
    },
  },
  { toJSON: () => ({ nested: 1n }) },
  globalThis,
);

/** Any value, plus exotic leaves, plus a cycle woven in. */
const value = fc
  .tuple(
    fc.anything({
      maxDepth: 6,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withSparseArray: true,
      withNullPrototype: true,
    }),
    exotic,
    fc.boolean(),
  )
  .map(([v, e, cyclic]) => {
    const holder: Record<string, unknown> = { v, e };
    if (cyclic) holder.self = holder;
    return holder;
  });

function depthOf(v: unknown): number {
  if (v === null || typeof v !== 'object') return 0;
  const children = Object.values(v as object);
  return 1 + (children.length ? Math.max(...children.map(depthOf)) : 0);
}

function check(v: unknown, visit: (x: unknown) => void): void {
  visit(v);
  if (v !== null && typeof v === 'object') for (const child of Object.values(v)) check(child, visit);
}

describe('normalizer properties', () => {
  test('any value: valid JSON that round-trips, within depth, breadth and string length', () => {
    fc.assert(
      fc.property(
        value,
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 200 }),
        (input, depth, breadth, maxLength) => {
          const out = normalize(input, depth, breadth, maxLength);
          const json = JSON.stringify(out);
          expect(typeof json).toBe('string');
          // Only plain JSON types survive: the text is stable through a parse (-0 aside, as JSON's).
          expect(JSON.stringify(JSON.parse(json))).toBe(json);
          expect(depthOf(out)).toBeLessThanOrEqual(depth);
          check(out, (x) => {
            if (typeof x === 'string') {
              // Cut to the limit plus `...`; a marker (`[Object]`, `[Function: f]`) may be longer.
              expect(x.length).toBeLessThanOrEqual(Math.max(maxLength + 3, 64));
            } else if (typeof x === 'number') expect(Number.isFinite(x)).toBe(true);
            else if (x !== null && typeof x === 'object') {
              // The breadth limit plus one marker for what was cut; an Error's name, message, stack
              // and cause are always kept beside its own properties.
              const keys = Object.keys(x);
              const errorFields = 'message' in x && 'stack' in x ? 4 : 0;
              expect(keys.length).toBeLessThanOrEqual(breadth + 1 + errorFields);
            } else expect(['boolean', 'object']).toContain(typeof x);
          });
        },
      ),
      { numRuns: 400 },
    );
  });

  test('plain JSON within the limits comes back unchanged', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (input) => {
        const clean = JSON.parse(JSON.stringify(input)); // -0 becomes 0, as JSON does
        expect(normalize(clean, 10, 1000, 1_000_000)).toEqual(clean);
      }),
      { numRuns: 300 },
    );
  });
});

test('a huge BigInt is cut like a string (found by the property above)', () => {
  const out = normalize({ n: 10n ** 5000n }, 3, 10, 100) as { n: string };
  expect(out.n).toHaveLength(103);
  expect(out.n.endsWith('...')).toBe(true);
});
