// Pure mapping from an outgoing request's outcome to its breadcrumb.
import type { Breadcrumb, SeverityLevel } from '../../src/protocol/types.js';

export interface OutgoingOutcome {
  method: string;
  /** Shareable URL: no credentials, query or fragment. */
  url: string;
  /** With its leading '?', already scrubbed. */
  query?: string;
  /** With its leading '#'. */
  fragment?: string;
  statusCode?: number;
  /** The status text, or for a failure the error's code or message. */
  reason?: string;
  /** The request failed before (or while) receiving a response. */
  failed?: boolean;
}

/** No level (info) for 1xx–3xx, 'warning' for 4xx, 'error' for 5xx and for failed requests. */
export function levelFor(statusCode: number | undefined, failed: boolean): SeverityLevel | undefined {
  if (failed || statusCode === undefined) return 'error';
  if (statusCode >= 500) return 'error';
  if (statusCode >= 400) return 'warning';
  return undefined;
}

export function httpBreadcrumb(outcome: OutgoingOutcome): Breadcrumb {
  const data: Record<string, unknown> = { url: outcome.url, method: outcome.method };
  if (outcome.statusCode !== undefined) data.status_code = outcome.statusCode;
  if (outcome.reason) data.reason = outcome.reason;
  if (outcome.query) data['http.query'] = outcome.query;
  if (outcome.fragment) data['http.fragment'] = outcome.fragment;
  const crumb: Breadcrumb = { type: 'http', category: 'http', data };
  const level = levelFor(outcome.statusCode, outcome.failed === true);
  if (level) crumb.level = level;
  return crumb;
}

/** What a failure is called in `reason`: its code (`ECONNREFUSED`), else its message or name. */
export function failureReason(error: unknown): string {
  if (error !== null && typeof error === 'object') {
    const { code, message, name } = error as { code?: unknown; message?: unknown; name?: unknown };
    if (typeof code === 'string' && code) return code;
    if (typeof message === 'string' && message) return message;
    if (typeof name === 'string' && name) return name;
  }
  return typeof error === 'string' && error ? error : 'Error';
}
