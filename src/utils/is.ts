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
