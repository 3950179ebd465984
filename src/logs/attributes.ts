// Log attribute values to Sentry's typed form (string, integer, double, boolean, array), as
// @sentry/node types them; anything else becomes a bounded JSON string. Runs at flush, never on
// the caller's stack, and never throws: cycles, throwing getters and huge values are cut.
import { normalize } from '../event/normalize.js';
import { safeGet } from '../utils/is.js';
import type { TypedAttributeValue } from './types.js';

/** Longest string kept in an attribute (a 10 MB value is cut, not sent). */
export const MAX_ATTRIBUTE_LENGTH = 8192;
const MAX_ARRAY = 1000;

export function typedAttribute(raw: unknown, maxLength = MAX_ATTRIBUTE_LENGTH): TypedAttributeValue {
  // `{ value, unit }`: a value with its unit, as @sentry/node accepts.
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && hasOwn(raw, 'value')) {
    const unit = safeGet(raw, 'unit');
    const typed = typedValue(safeGet(raw, 'value'), maxLength);
    return typeof unit === 'string' && unit ? { ...typed, unit } : typed;
  }
  return typedValue(raw, maxLength);
}

function typedValue(value: unknown, maxLength: number): TypedAttributeValue {
  switch (typeof value) {
    case 'string':
      return { type: 'string', value: cut(value, maxLength) };
    case 'boolean':
      return { type: 'boolean', value };
    case 'number':
      if (Number.isInteger(value)) return { type: 'integer', value };
      // NaN and ±Infinity have no JSON form: sent as their names.
      return Number.isFinite(value) ? { type: 'double', value } : { type: 'string', value: String(value) };
    case 'bigint':
      return { type: 'string', value: cut(value.toString(), maxLength) };
    case 'undefined':
    case 'function':
    case 'symbol':
      // As @sentry/node: values JSON has no form for become an empty string.
      return { type: 'string', value: '' };
    default: {
      const array = primitiveArray(value, maxLength);
      return array ? { type: 'array', value: array } : { type: 'string', value: toJson(value, maxLength) };
    }
  }
}

/** An array of one primitive type, kept as an array; mixed or nested arrays become JSON. */
function primitiveArray(value: unknown, maxLength: number): Array<string | number | boolean> | undefined {
  if (!Array.isArray(value)) return undefined;
  try {
    if (value.length === 0 || value.length > MAX_ARRAY) return undefined;
    const kind = typeof value[0];
    if (kind !== 'string' && kind !== 'number' && kind !== 'boolean') return undefined;
    const out: Array<string | number | boolean> = [];
    for (const item of value) {
      if (typeof item !== kind || (kind === 'number' && !Number.isFinite(item))) return undefined;
      out.push(typeof item === 'string' ? cut(item, maxLength) : (item as number | boolean));
    }
    return out;
  } catch {
    return undefined;
  }
}

function toJson(value: unknown, maxLength: number): string {
  try {
    return cut(JSON.stringify(normalize(value, 3, 100, maxLength)) ?? '', maxLength);
  } catch {
    return '[unserializable]';
  }
}

function hasOwn(obj: object, key: string): boolean {
  try {
    return Object.hasOwn(obj, key);
  } catch {
    return false;
  }
}

export function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
