// Turns arbitrary user data into a bounded, JSON-safe copy. User values reach us through extras,
// contexts and captured objects: they can be cyclic, huge, Proxies or have throwing getters.
import { types } from 'node:util';
import { isError, safeGet } from '../utils/is.js';

export const UNREADABLE = '[Error: could not read]';
const CIRCULAR = '[Circular ~]';
const MAX_PROPERTIES = '[MaxProperties ~]';
/** Recursion guard: a caller asking for depth Infinity still gets a bounded walk. */
const MAX_DEPTH = 100;
/** Values visited per call: shared (non-cyclic) references can otherwise fan out to breadth^depth. */
const MAX_NODES = 1_000_000;

interface Walk {
  maxBreadth: number;
  maxStringLength: number;
  ancestors: Set<object>;
  budget: number;
}

/** Cuts `text` to `max` UTF-16 units plus `...`, never splitting a surrogate pair. */
export function truncateString(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}...`;
}

/** A JSON-safe copy of `value`. Never throws; unreadable parts become marker strings. */
export function normalize(value: unknown, depth = 3, maxBreadth = 1000, maxStringLength = 16384): unknown {
  const walk: Walk = { maxBreadth, maxStringLength, ancestors: new Set(), budget: MAX_NODES };
  try {
    return visit(value, Math.min(depth, MAX_DEPTH), walk, true);
  } catch {
    return UNREADABLE;
  }
}

/** Like `normalize`, lowering the depth until the JSON is at most `maxBytes` UTF-8 bytes. */
export function normalizeToSize(value: unknown, depth = 3, maxBytes = 100 * 1024): unknown {
  for (let d = Math.min(depth, MAX_DEPTH); d >= 0; d--) {
    const normalized = normalize(value, d);
    if (jsonSize(normalized) <= maxBytes) return normalized;
  }
  // Even the shallowest form is too big (a long string at the top): cut it to fit.
  return normalize(value, 0, 1, Math.max(0, Math.floor(maxBytes / 6) - 8));
}

/** UTF-8 size of the JSON text, or Infinity when it cannot be serialized. */
export function jsonSize(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function visit(value: unknown, depth: number, walk: Walk, allowToJSON: boolean): unknown {
  walk.budget--;
  switch (typeof value) {
    case 'string':
      return truncateString(value, walk.maxStringLength);
    case 'number':
      return Number.isFinite(value) ? value : `[${value}]`;
    case 'boolean':
      return value;
    case 'undefined':
      return '[undefined]';
    case 'bigint':
      // A BigInt's digits are as unbounded as a string's.
      return truncateString(`${value}n`, walk.maxStringLength);
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function: ${functionName(value)}]`;
  }
  if (value === null) return null;
  const obj = value as object;
  if (walk.ancestors.has(obj)) return CIRCULAR;
  try {
    const special = describeSpecial(obj);
    if (special !== undefined) return special;
    if (depth <= 0 || walk.budget <= 0) return `[${containerName(obj)}]`;
    if (allowToJSON) {
      const toJSON = safeGet(obj, 'toJSON');
      if (typeof toJSON === 'function') {
        const json: unknown = toJSON.call(obj);
        if (json !== obj) return visit(json, depth, walk, false);
      }
    }
    walk.ancestors.add(obj);
    try {
      return visitContainer(obj, depth - 1, walk);
    } finally {
      walk.ancestors.delete(obj);
    }
  } catch {
    return UNREADABLE;
  }
}

/** Leaf forms for objects that should not be walked key by key. */
function describeSpecial(obj: object): string | undefined {
  if (types.isDate(obj)) {
    const time = Date.prototype.getTime.call(obj);
    return Number.isNaN(time) ? '[Invalid Date]' : new Date(time).toISOString();
  }
  if (types.isRegExp(obj)) return RegExp.prototype.toString.call(obj);
  if (types.isPromise(obj)) return '[Promise]';
  if (types.isWeakMap(obj)) return '[WeakMap]';
  if (types.isWeakSet(obj)) return '[WeakSet]';
  if (types.isAnyArrayBuffer(obj)) return `[${containerName(obj)} ${(obj as ArrayBuffer).byteLength} bytes]`;
  if (ArrayBuffer.isView(obj)) return `[${containerName(obj)} ${obj.byteLength} bytes]`;
  if (obj === globalThis) return '[Global]';
  return undefined;
}

function visitContainer(obj: object, depth: number, walk: Walk): unknown {
  if (Array.isArray(obj)) {
    const out: unknown[] = [];
    const length = Number(safeGet(obj, 'length')) || 0;
    for (let i = 0; i < length; i++) {
      if (full(i, walk)) {
        out.push(MAX_PROPERTIES);
        break;
      }
      out.push(readAndVisit(obj, i, depth, walk));
    }
    return out;
  }
  if (types.isSet(obj)) {
    const out: unknown[] = [];
    let i = 0;
    for (const item of Set.prototype.values.call(obj)) {
      if (full(i++, walk)) {
        out.push(MAX_PROPERTIES);
        break;
      }
      out.push(visit(item, depth, walk, true));
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  if (types.isMap(obj)) {
    let i = 0;
    for (const [key, item] of Map.prototype.entries.call(obj) as Iterable<[unknown, unknown]>) {
      const isFull = full(i++, walk);
      setKey(out, keyToString(key), isFull ? MAX_PROPERTIES : visit(item, depth, walk, true));
      if (isFull) break;
    }
    return out;
  }
  if (isError(obj)) {
    // name, message and stack are usually inherited or non-enumerable: copy them explicitly.
    for (const key of ['name', 'message', 'stack', 'cause']) {
      const item = readAndVisit(obj, key, depth, walk);
      if (item !== '[undefined]') out[key] = item;
    }
  }
  let i = 0;
  for (const key of Reflect.ownKeys(obj)) {
    if (!Object.prototype.propertyIsEnumerable.call(obj, key)) continue;
    const isFull = full(i++, walk);
    // Like arrays, the first key past the limit carries the marker.
    setKey(out, keyToString(key), isFull ? MAX_PROPERTIES : readAndVisit(obj, key, depth, walk));
    if (isFull) break;
  }
  return out;
}

function full(count: number, walk: Walk): boolean {
  return count >= walk.maxBreadth || walk.budget <= 0;
}

function readAndVisit(obj: object, key: PropertyKey, depth: number, walk: Walk): unknown {
  let item: unknown;
  try {
    item = (obj as Record<PropertyKey, unknown>)[key];
  } catch {
    return UNREADABLE;
  }
  return visit(item, depth, walk, true);
}

/** Assigns without invoking the `__proto__` setter, which would change the copy's prototype. */
function setKey(out: Record<string, unknown>, key: string, item: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
  } else {
    out[key] = item;
  }
}

function keyToString(key: unknown): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'symbol') return key.toString();
  if (key !== null && (typeof key === 'object' || typeof key === 'function'))
    return `[${containerName(key)}]`;
  return String(key);
}

function functionName(fn: unknown): string {
  const name = safeGet(fn, 'name');
  return typeof name === 'string' && name !== '' ? name : '<anonymous>';
}

/** `Object`, `Array` or the class name, for `[Foo]` markers. */
function containerName(obj: object): string {
  try {
    if (Array.isArray(obj)) return 'Array';
    const ctor = Object.getPrototypeOf(obj)?.constructor;
    const name = safeGet(ctor, 'name');
    return typeof name === 'string' && name !== '' ? name : 'Object';
  } catch {
    return 'Object';
  }
}
