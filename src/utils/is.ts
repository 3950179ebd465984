// Type guards that never throw, even on Proxies or objects with hostile getters.

export function isError(value: unknown): value is Error {
  try {
    if (value instanceof Error) return true;
    const tag = Object.prototype.toString.call(value);
    return tag === '[object Error]' || tag === '[object DOMException]';
  } catch {
    return false;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  try {
    if (value === null || typeof value !== 'object') return false;
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
  } catch {
    return false;
  }
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  try {
    return (
      value !== null &&
      (typeof value === 'object' || typeof value === 'function') &&
      typeof (value as { then?: unknown }).then === 'function'
    );
  } catch {
    return false;
  }
}

/** Reads a property, returning undefined if the getter or a Proxy trap throws. */
export function safeGet(obj: unknown, key: PropertyKey): unknown {
  try {
    return obj == null ? undefined : (obj as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}

/**
 * A shallow copy of `source`'s own enumerable string keys that later code may add keys to. Not a
 * spread: on Node 20 a spread copy's map makes every key added afterwards slow (a new map each,
 * allocated in the old space). Not Object.assign either: an own `__proto__` key (JSON.parse makes
 * them) would set the copy's prototype instead of becoming a key.
 */
export function copyRecord<T extends object>(source: T): T {
  const out = {} as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const value = (source as Record<string, unknown>)[key];
    if (key === '__proto__') {
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    } else {
      out[key] = value;
    }
  }
  return out as T;
}
