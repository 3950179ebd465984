// Bookkeeping shared by the http and undici hooks: one entry per outgoing request, made when it
// starts and consumed by its first outcome, so each request gives exactly one breadcrumb.
import { type Context, context } from '@opentelemetry/api';
import { addBreadcrumb, getClient } from '../../src/api.js';
import type { Dsn } from '../../src/protocol/dsn.js';
import type { BreadcrumbHint } from '../../src/types.js';
import { safe } from '../../src/utils/safe.js';
import { isTracingSuppressed } from '../../src/utils/suppress-tracing.js';
import { scrubRules } from './client-options.js';
import { failureReason, httpBreadcrumb } from './http-breadcrumb.js';
import { scrubQueryString } from './scrub.js';
import { hostAndPort, splitUrl } from './url.js';

interface Outgoing {
  /** The caller's context: the breadcrumb goes to the isolation scope the request started in. */
  ctx: Context;
  method: string;
  rawUrl: string;
  /** Visible only when the app passed the URL as a string to http.request (fetch drops it). */
  fragment: string | undefined;
  done: boolean;
}

/** Keyed by the library's request object; only requests we record are in it. */
const outgoing = new WeakMap<object, Outgoing>();
const dsnTargets = new WeakMap<Dsn, string | undefined>();

function dsnHostAndPort(dsn: Dsn): string | undefined {
  if (!dsnTargets.has(dsn)) {
    dsnTargets.set(dsn, hostAndPort(`${dsn.protocol}://${dsn.host}${dsn.port ? `:${dsn.port}` : ''}/`));
  }
  return dsnTargets.get(dsn);
}

/**
 * Registers a request at its start, in the caller's context. The SDK's own requests are left out:
 * they run with tracing suppressed (checked now, as the context is gone by response time), and as
 * a fallback anything sent to the DSN's host:port.
 */
export function startOutgoing(request: object, method: string, rawUrl: string, fragment?: string): void {
  const client = getClient();
  if (!client?.isEnabled() || isTracingSuppressed()) return;
  const dsn = client.getDsn();
  if (dsn && hostAndPort(rawUrl) === dsnHostAndPort(dsn)) return;
  outgoing.set(request, {
    ctx: context.active(),
    method: method.toUpperCase(),
    rawUrl,
    fragment,
    done: false,
  });
}

export interface OutgoingResult {
  statusCode?: number;
  statusText?: string;
  error?: unknown;
  /** The library's response object, for the hint. */
  response?: unknown;
}

/** Records the request's breadcrumb on its first outcome; later outcomes are ignored. */
export function finishOutgoing(request: object, result: OutgoingResult): void {
  const entry = outgoing.get(request);
  if (!entry || entry.done) return;
  entry.done = true;
  const failed = result.error !== undefined;
  const { url, query } = splitUrl(entry.rawUrl);
  const crumb = httpBreadcrumb({
    method: entry.method,
    url,
    query: query === undefined ? undefined : scrubQueryString(query, scrubRules()),
    fragment: entry.fragment,
    statusCode: failed ? undefined : result.statusCode,
    reason: failed ? failureReason(result.error) : result.statusText,
    failed,
  });
  const hint: BreadcrumbHint = { event: failed ? 'error' : 'response', httplib_request: request };
  if (result.response !== undefined) hint.httplib_response = result.response;
  if (failed) hint.error = result.error;
  safe('outgoing breadcrumb', () => context.with(entry.ctx, () => addBreadcrumb(crumb, hint)), undefined);
}
