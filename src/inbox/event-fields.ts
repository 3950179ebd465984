// Reading fields of received events. Events come from the network, so the declared `Event` type is
// a hope, not a guarantee: every accessor checks the runtime type and never throws.
import type { Event, ExceptionValue, StackFrame } from '../protocol/types.js';

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function obj(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Exception values as sent: innermost cause first, the exception that was captured last. */
export function exceptionValues(event: Event): ExceptionValue[] {
  return list(obj(event.exception)?.values).filter((v): v is ExceptionValue => obj(v) !== undefined);
}

export function frames(value: ExceptionValue): StackFrame[] {
  return list(obj(value.stacktrace)?.frames).filter((f): f is StackFrame => obj(f) !== undefined);
}

/** `Type: value`, or whichever of the two exists. */
export function exceptionTitle(value: ExceptionValue): string {
  const type = str(value.type);
  const text = str(value.value);
  if (type && text) return `${type}: ${text}`;
  return type ?? text ?? '<unknown exception>';
}

/** The formatted message: `logentry`, or the legacy `message` field (a string or a logentry). */
export function eventMessage(event: Event): string | undefined {
  const logentry = obj(event.logentry);
  const legacy = (event as { message?: unknown }).message;
  return str(logentry?.formatted) ?? str(logentry?.message) ?? str(legacy) ?? str(obj(legacy)?.formatted);
}

/** What Sentry shows as an issue's title. */
export function eventTitle(event: Event): string {
  if (event.type === 'transaction') return str(event.transaction) ?? '<unnamed transaction>';
  const main = exceptionValues(event).at(-1);
  if (main) return exceptionTitle(main);
  return eventMessage(event) ?? '<no message>';
}

/** Sentry defaults a missing level to error. */
export function eventLevel(event: Event): string {
  return str(event.level) ?? 'error';
}

export function traceId(event: Event): string | undefined {
  return str(obj(obj(event.contexts)?.trace)?.trace_id);
}

export function tags(event: Event): [string, string][] {
  const raw = event.tags as unknown;
  // Sentry accepts tags as an object or as a list of pairs.
  if (Array.isArray(raw)) {
    return raw
      .filter((p): p is [unknown, unknown] => Array.isArray(p))
      .map(([k, v]) => [String(k), String(v)]);
  }
  return Object.entries(obj(raw) ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
}

export function durationMs(event: Event): number | undefined {
  const start = num(event.start_timestamp);
  const end = num(event.timestamp);
  return start === undefined || end === undefined ? undefined : (end - start) * 1000;
}

/** Whole milliseconds, with one decimal below 10 ms where rounding would hide the value. */
export function formatMs(ms: number): string {
  return ms < 10 ? ms.toFixed(1) : String(Math.round(ms));
}
