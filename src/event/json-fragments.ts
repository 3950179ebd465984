// JSON text reused across events. Most of an error event's JSON is its stack frames (with seven
// lines of source around each) and the modules list, and a failing route sends the same ones event
// after event. Their text is kept beside a private copy of the value it was made from, and reused
// when an event's value is equal to that copy leaf by leaf: comparing costs a fraction of
// serializing, and anything a processor or beforeSend changed fails the comparison.

/** Entries kept per cache; the oldest is dropped past this. */
const MAX_ENTRIES = 64;
/** Deeper values are not cached (frames and modules are 3 levels deep). */
const MAX_DEPTH = 6;

interface Fragment {
  value: unknown;
  json: string;
}

export class FragmentCache {
  private readonly _byKey = new Map<string, Fragment>();

  /** The JSON of `value` (found by `key`), reused when equal to what was cached under that key. */
  json(key: string, value: unknown): string | undefined {
    const hit = this._byKey.get(key);
    if (hit !== undefined && sameJson(hit.value, value, 0)) return hit.json;
    const json = JSON.stringify(value) as string | undefined;
    const copy = json === undefined ? undefined : plainCopy(value, 0);
    if (json === undefined || copy === NOT_PLAIN) {
      this._byKey.delete(key);
      return json;
    }
    if (this._byKey.size >= MAX_ENTRIES && hit === undefined) {
      this._byKey.delete(this._byKey.keys().next().value as string);
    }
    this._byKey.set(key, { value: copy, json });
    return json;
  }
}

const NOT_PLAIN: unique symbol = Symbol('not plain');

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A copy made of arrays, plain objects and primitives; NOT_PLAIN for anything else. */
function plainCopy(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) {
    return typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint'
      ? NOT_PLAIN
      : value;
  }
  if (depth >= MAX_DEPTH) return NOT_PLAIN;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const copied = plainCopy(item, depth + 1);
      if (copied === NOT_PLAIN) return NOT_PLAIN;
      out.push(copied);
    }
    return out;
  }
  if (!isPlainObject(value)) return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const copied = plainCopy((value as Record<string, unknown>)[key], depth + 1);
    if (copied === NOT_PLAIN) return NOT_PLAIN;
    out[key] = copied;
  }
  return out;
}

/**
 * Whether `value` serializes to the same text as `cached` (a plainCopy): the same keys in the same
 * order, equal primitives, arrays of equal length. Getters and proxies are not expected here (the
 * event was normalized), but a throwing one only makes the caller serialize in full.
 */
function sameJson(cached: unknown, value: unknown, depth: number): boolean {
  if (cached === value) return typeof value !== 'number' || Number.isFinite(value);
  if (typeof cached !== 'object' || cached === null || typeof value !== 'object' || value === null) {
    return false;
  }
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(cached)) {
    if (!Array.isArray(value) || value.length !== cached.length) return false;
    for (let i = 0; i < cached.length; i++) if (!sameJson(cached[i], value[i], depth + 1)) return false;
    return true;
  }
  if (Array.isArray(value) || !isPlainObject(value)) return false;
  const a = cached as Record<string, unknown>;
  const b = value as Record<string, unknown>;
  let count = 0;
  for (const key in b) {
    if (!Object.hasOwn(b, key)) return false; // an inherited enumerable key: not a plain record
    const expected = a[key];
    if (expected === undefined && !Object.hasOwn(a, key)) return false;
    if (!sameJson(expected, b[key], depth + 1)) return false;
    count++;
  }
  // Same count and every key of `value` in `cached`: the same key sets. Key order can differ
  // only in text layout, not in meaning.
  return count === Object.keys(a).length;
}
