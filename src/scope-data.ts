// Scope data on its way into an event: the three scopes' data merged (global → isolation →
// current), then written into the event, where values the event already has win.
import { breadcrumbsOf } from './event/fields.js';
import type { Event } from './protocol/types.js';
import type { ScopeData } from './scope.js';

/** Merges scope data, later entries winning; breadcrumbs are joined in time order. */
export function mergeScopeData(scopes: ScopeData[], maxBreadcrumbs: number): ScopeData {
  const out: ScopeData = {
    user: undefined,
    tags: {},
    extra: {},
    contexts: {},
    level: undefined,
    fingerprint: undefined,
    transactionName: undefined,
    breadcrumbs: [],
    eventProcessors: [],
    sdkProcessingMetadata: {},
  };
  for (const d of scopes) {
    if (d.user) out.user = { ...out.user, ...d.user };
    Object.assign(out.tags, d.tags);
    Object.assign(out.extra, d.extra);
    Object.assign(out.contexts, d.contexts);
    Object.assign(out.sdkProcessingMetadata, d.sdkProcessingMetadata);
    out.level = d.level ?? out.level;
    out.fingerprint = d.fingerprint ?? out.fingerprint;
    out.transactionName = d.transactionName ?? out.transactionName;
    if (d.breadcrumbs.length) out.breadcrumbs = out.breadcrumbs.concat(d.breadcrumbs);
    if (d.eventProcessors.length) out.eventProcessors = out.eventProcessors.concat(d.eventProcessors);
  }
  if (scopes.filter((d) => d.breadcrumbs.length).length > 1) {
    out.breadcrumbs.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0)); // stable: ties keep order
  }
  if (out.breadcrumbs.length > maxBreadcrumbs) out.breadcrumbs = out.breadcrumbs.slice(-maxBreadcrumbs);
  return out;
}

/** Writes merged scope data into an event; values already on the event win. */
export function applyScopeDataToEvent(event: Event, data: ScopeData): void {
  if (data.user || event.user) event.user = { ...data.user, ...event.user };
  if (Object.keys(data.tags).length || event.tags) event.tags = { ...data.tags, ...event.tags };
  if (Object.keys(data.extra).length || event.extra) event.extra = { ...data.extra, ...event.extra };
  if (Object.keys(data.contexts).length) event.contexts = { ...data.contexts, ...event.contexts };
  if (data.level) event.level = data.level;
  if (data.fingerprint && !event.fingerprint) event.fingerprint = data.fingerprint;
  if (data.transactionName && !event.transaction) event.transaction = data.transactionName;
  // An array, as @sentry/node sends it; an event given with `{ values }` is turned into one.
  const own = event.breadcrumbs === undefined ? undefined : breadcrumbsOf(event);
  if (data.breadcrumbs.length) event.breadcrumbs = [...data.breadcrumbs, ...(own ?? [])];
  else if (own && !Array.isArray(event.breadcrumbs)) event.breadcrumbs = own;
}
