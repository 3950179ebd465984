// Our UndiciInstrumentation hooks: global fetch (Node's bundled undici) and npm undici, both seen
// through undici's diagnostics channels. The instrumentation has no error hook, so failures come
// from the `undici:request:error` channel directly.
import { subscribe } from 'node:diagnostics_channel';
import type { Span } from '@opentelemetry/api';
import type { UndiciRequest, UndiciResponse } from '@opentelemetry/instrumentation-undici';
import { safe } from '../../src/utils/safe.js';
import { finishOutgoing, startOutgoing } from '../shared/outgoing.js';
import { joinUrl } from '../shared/url.js';

/** Runs in the caller's context (so suppression and scopes are visible here). */
export function undiciRequestHook(_span: Span, request: UndiciRequest): void {
  if (typeof request?.origin !== 'string' || typeof request.path !== 'string') return;
  startOutgoing(
    request,
    typeof request.method === 'string' ? request.method : 'GET',
    joinUrl(request.origin, request.path),
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
