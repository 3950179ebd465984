// Readers for event fields that reach the SDK in two legal forms: user code (captureEvent, a
// beforeSend written for Relay's canonical form) may hand breadcrumbs as `{ values }` and a message
// as `logentry`. The SDK sends @sentry/node's forms: a breadcrumb array and `message`.
import type { Breadcrumb, Event } from '../protocol/types.js';
import { safeGet } from '../utils/is.js';

/** The event's breadcrumbs, whether given as an array or as `{ values: [...] }`. */
export function breadcrumbsOf(event: Event): Breadcrumb[] {
  const crumbs: unknown = safeGet(event, 'breadcrumbs');
  if (Array.isArray(crumbs)) return crumbs as Breadcrumb[];
  const values = safeGet(crumbs, 'values');
  return Array.isArray(values) ? (values as Breadcrumb[]) : [];
}

/** The message text as Sentry shows it: `message`, else `logentry.formatted`, else the template. */
export function messageOf(event: Event): string | undefined {
  if (typeof event.message === 'string') return event.message;
  const entry = event.logentry;
  if (typeof entry?.formatted === 'string') return entry.formatted;
  return typeof entry?.message === 'string' ? entry.message : undefined;
}
