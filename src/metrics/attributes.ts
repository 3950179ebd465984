// Raw attribute values to Sentry's typed form `{ value, type, unit? }`, as @sentry/node 10 types
// them: strings, booleans, integers, doubles and arrays keep their type; anything else becomes its
// JSON text. Unlike @sentry/node, a cycle, a throwing getter or a huge value never throws here: it
// is normalized (bounded depth and breadth) and cut to `maxValueLength`.
import { normalize, truncateString } from '../event/normalize.js';
import type { TypedAttributeValue } from '../protocol/types.js';
import { safeGet } from '../utils/is.js';

/** Attributes kept per metric; more are dropped (a map with a million keys is a bug, not data). */
const MAX_ATTRIBUTES = 1000;

export interface AttributeLimits {
  maxValueLength: number;
}

/** Own enumerable entries, read without letting a getter or a Proxy trap throw. */
export function safeEntries(record: unknown): [string, unknown][] {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return [];
  let keys: string[];
  try {
    keys = Object.keys(record);
  } catch {
    return [];
  }
  return keys.slice(0, MAX_ATTRIBUTES).map((key) => [key, safeGet(record, key)]);
}

/**
 * Typed attributes. `skipUndefined`: an undefined value is left out (the metric's own
 * attributes); otherwise values without a type of their own are left out (scope attributes).
 */
export function serializeAttributes(
  record: unknown,
  limits: AttributeLimits,
  fallback: boolean,
): Record<string, TypedAttributeValue> {
  const out: Record<string, TypedAttributeValue> = {};
  for (const [key, raw] of safeEntries(record)) {
    const typed = toTyped(raw, limits, fallback);
    if (typed) out[key] = typed;
  }
  return out;
}

function toTyped(raw: unknown, limits: AttributeLimits, fallback: boolean): TypedAttributeValue | undefined {
  // `{ value, unit }` carries a unit beside the value.
  const isWrapped = raw !== null && typeof raw === 'object' && !Array.isArray(raw) && hasValueKey(raw);
  const value = isWrapped ? safeGet(raw, 'value') : raw;
  const unit = isWrapped ? safeGet(raw, 'unit') : undefined;
  const withUnit = typeof unit === 'string' && unit ? { unit } : {};
  const typed = primitive(value, limits);
  if (typed) return { ...typed, ...withUnit };
  if (!fallback || value === undefined) return undefined;
  return { value: jsonText(value, limits), type: 'string', ...withUnit };
}

function hasValueKey(obj: object): boolean {
  try {
    return Object.keys(obj).includes('value');
  } catch {
    return false;
  }
}

function primitive(value: unknown, limits: AttributeLimits): Omit<TypedAttributeValue, 'unit'> | undefined {
  if (typeof value === 'string')
    return { value: truncateString(value, limits.maxValueLength), type: 'string' };
  if (typeof value === 'boolean') return { value, type: 'boolean' };
  if (typeof value === 'number') {
    // NaN and Infinity have no JSON form: sent as their text rather than as null.
    if (!Number.isFinite(value)) return { value: String(value), type: 'string' };
    return { value, type: Number.isInteger(value) ? 'integer' : 'double' };
  }
  if (Array.isArray(value) && isPrimitiveArray(value, limits.maxValueLength)) return { value, type: 'array' };
  return undefined;
}

/** Arrays sent as they are: of short strings, booleans and finite numbers; others as JSON text. */
function isPrimitiveArray(value: unknown[], maxLength: number): boolean {
  if (value.length > MAX_ATTRIBUTES) return false;
  try {
    return value.every(
      (v) =>
        (typeof v === 'string' && v.length <= maxLength) ||
        typeof v === 'boolean' ||
        (typeof v === 'number' && Number.isFinite(v)),
    );
  } catch {
    return false;
  }
}

function jsonText(value: unknown, limits: AttributeLimits): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(normalize(value, 3, 100, limits.maxValueLength));
  } catch {
    text = undefined;
  }
  return truncateString(text ?? '', limits.maxValueLength);
}
