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
  // `{ values: [...] }` or a bare array: Relay accepts both (so do breadcrumbs, see breadcrumbList).
  const raw: unknown = event.exception;
  const values = Array.isArray(raw) ? raw : list(obj(raw)?.values);
  return values.filter((v): v is ExceptionValue => obj(v) !== undefined);
}

/** Breadcrumbs as an array (@sentry/node's form) or as `{ values: [...] }` (the schema's). */
export function breadcrumbList(event: Event): Record<string, unknown>[] {
  const raw: unknown = event.breadcrumbs;
  const values = Array.isArray(raw) ? raw : list(obj(raw)?.values);
  return values.filter((v): v is Record<string, unknown> => obj(v) !== undefined);
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

/**
 * The message as Sentry shows it: `message` (a string, as @sentry/node sends it, or a logentry
 * object) or `logentry`; a template without `formatted` is filled with its `params`, as Relay does.
 */
export function eventMessage(event: Event): string | undefined {
  const legacy: unknown = (event as { message?: unknown }).message;
  const entry = obj(event.logentry) ?? obj(legacy);
  const formatted = str(entry?.formatted) ?? str(legacy);
  if (formatted !== undefined) return formatted;
  const template = str(entry?.message);
  return template === undefined ? undefined : fillTemplate(template, list(entry?.params));
}

/** `%s` placeholders filled in order, `%%` as `%`. */
export function fillTemplate(template: string, params: unknown[]): string {
  let i = 0;
  return template.replace(/%%|%s/g, (m) => {
    if (m === '%%') return '%';
    const p = params[i++];
    if (typeof p === 'string') return p;
    if (p === undefined) return '%s';
    try {
      return JSON.stringify(p) ?? String(p);
    } catch {
      return '[unprintable]'; // a cycle or a BigInt: events parsed from JSON have neither
    }
  });
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
