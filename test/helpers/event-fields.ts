// Readers for event fields whose wire shape has two legal forms (Relay takes both): breadcrumbs as an
// array or as `{ values }`, a message as `message` or as `logentry`. Tests read through these so they
// hold whichever form the SDK sends.
import type { SerializedLog } from '../../src/logs/types.js';
import type { Breadcrumb, Event } from '../../src/protocol/types.js';

type Loose = Record<string, unknown>;

export function breadcrumbsOf(event: Event | undefined): Breadcrumb[] {
  const crumbs = (event as Loose | undefined)?.breadcrumbs as unknown;
  if (Array.isArray(crumbs)) return crumbs as Breadcrumb[];
  const values = (crumbs as { values?: unknown } | undefined)?.values;
  return Array.isArray(values) ? (values as Breadcrumb[]) : [];
}

/** The message text as Sentry shows it: `message`, else `logentry.formatted`, else `logentry.message`. */
export function messageOf(event: Event | undefined): string | undefined {
  const e = event as Loose | undefined;
  if (typeof e?.message === 'string') return e.message;
  const entry = e?.logentry as { formatted?: unknown; message?: unknown } | undefined;
  if (typeof entry?.formatted === 'string') return entry.formatted;
  return typeof entry?.message === 'string' ? entry.message : undefined;
}

/** A Sentry log's attributes as plain values (`{ key: value }`, without their wire types). */
export function attributesOf(log: SerializedLog | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(log?.attributes ?? {}).map(([k, v]) => [k, v.value]));
}
