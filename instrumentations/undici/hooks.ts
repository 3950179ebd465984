// Our UndiciInstrumentation hooks: global fetch (Node's bundled undici) and npm undici, both seen
// through undici's diagnostics channels. The instrumentation has no error hook, so failures come
// from the `undici:request:error` channel directly.
import { subscribe } from 'node:diagnostics_channel';
import type { Span } from '@opentelemetry/api';
import type { UndiciRequest, UndiciResponse } from '@opentelemetry/instrumentation-undici';
import { noteOutgoingTarget } from '../../src/tracing/outgoing-target.js';
import { safe } from '../../src/utils/safe.js';
import { finishOutgoing, startOutgoing } from '../shared/outgoing.js';
import { joinUrl } from '../shared/url.js';

/** Runs in the caller's context (so suppression and scopes are visible here). */
export function undiciRequestHook(_span: Span, request: UndiciRequest): void {
  if (typeof request?.origin !== 'string' || typeof request.path !== 'string') return;
  const url = joinUrl(request.origin, request.path);
  // The propagator injects right after this hook, into a fresh object: the app's own trace headers
  // are only in the request.
  noteOutgoingTarget({ url, hasHeader: (name) => hasHeader(request.headers, name) });
  startOutgoing(request, typeof request.method === 'string' ? request.method : 'GET', url);
}

/** Whether undici's request headers (a flat [name, value, ...] array or a raw string) include `name`. */
function hasHeader(headers: unknown, name: string): boolean {
  if (Array.isArray(headers)) {
    for (let i = 0; i < headers.length; i += 2) {
      const key = headers[i];
      if (typeof key === 'string' && key.toLowerCase() === name) return true;
      if (Array.isArray(key) && String(key[0]).toLowerCase() === name) return true; // [[name, value]] shape
    }
    return false;
  }
  return (
    typeof headers === 'string' &&
    headers
      .toLowerCase()
      .split('\r\n')
      .some((line) => line.startsWith(`${name}:`))
  );
}

/** Runs in the channel's context, not the caller's: `finishOutgoing` restores the request's. */
export function undiciResponseHook(
  _span: Span,
  info: { request: UndiciRequest; response: UndiciResponse },
): void {
  const { request, response } = info;
  finishOutgoing(request, { statusCode: response.statusCode, statusText: response.statusText, response });
}

let errorsSubscribed = false;

/** Subscribes once per module copy: the handler only acts on requests this copy registered. */
export function subscribeUndiciErrors(): void {
  if (errorsSubscribed) return;
  errorsSubscribed = true;
  // `subscribe()` (not `channel().subscribe()`) keeps the channel alive: no lost subscriptions.
  subscribe('undici:request:error', (message: unknown) =>
    safe(
      'undici request error',
      () => {
        const { request, error } = message as { request?: unknown; error?: unknown };
        if (request !== null && typeof request === 'object') finishOutgoing(request, { error });
      },
      undefined,
    ),
  );
}
