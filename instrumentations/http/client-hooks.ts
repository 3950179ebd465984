// Our HttpInstrumentation hooks for outgoing requests. They run for every request the
// instrumentation sees, recording or not (sampled out, no parent), so breadcrumbs do not depend
// on tracing. Incoming requests are handled in ../http-server (the hooks ignore them).
import { errorMonitor } from 'node:events';
import { ClientRequest, IncomingMessage, type RequestOptions, type ServerResponse } from 'node:http';
import type { Span } from '@opentelemetry/api';
import { noteOutgoingTarget } from '../../src/tracing/outgoing-target.js';
import { safeGet } from '../../src/utils/is.js';
import { safe } from '../../src/utils/safe.js';
import { finishOutgoing, startOutgoing } from '../shared/outgoing.js';
import { joinUrl } from '../shared/url.js';

/**
 * The fragment never reaches the ClientRequest (Node strips it), only the parsed options do.
 * `startOutgoingSpanHook` runs synchronously just before the request is made, so its options
 * are handed over through this slot, and checked against the request's path before use.
 */
let pending: { path: string; hash: string } | undefined;

export function httpStartOutgoingHook(options: RequestOptions): void {
  const hash = safeGet(options, 'hash');
  const path = safeGet(options, 'path');
  // For tracePropagationTargets: the propagator injects right after this hook. The app's own trace
  // headers are in the carrier the propagator writes to.
  noteOutgoingTarget({ url: optionsUrl(options, path) });
  pending =
    typeof hash === 'string' && hash.length > 1 && typeof path === 'string' ? { path, hash } : undefined;
}

export function httpRequestHook(_span: Span, request: ClientRequest | IncomingMessage): void {
  const handoff = pending;
  pending = undefined;
  if (!(request instanceof ClientRequest)) return;
  const fragment = handoff && handoff.path === request.path ? handoff.hash : undefined;
  startOutgoing(request, request.method || 'GET', clientRequestUrl(request), fragment);
  // errorMonitor observes without handling: an app without an 'error' listener still crashes
  // exactly as it would without us.
  request.on(errorMonitor, (error: unknown) =>
    safe('http request error', () => finishOutgoing(request, { error }), undefined),
  );
}

export function httpResponseHook(_span: Span, response: IncomingMessage | ServerResponse): void {
  if (!(response instanceof IncomingMessage)) return; // a ServerResponse: the server side
  const request = safeGet(response, 'req'); // Node links a client response to its request
  if (!(request instanceof ClientRequest)) return;
  finishOutgoing(request, { statusCode: response.statusCode, statusText: response.statusMessage, response });
}

function optionsUrl(options: RequestOptions, path: unknown): string {
  const protocol = safeGet(options, 'protocol');
  const host = safeGet(options, 'hostname') ?? safeGet(options, 'host');
  const port = safeGet(options, 'port');
  const scheme = typeof protocol === 'string' ? protocol : 'http:';
  const authority = `${typeof host === 'string' ? host : 'localhost'}${port ? `:${String(port)}` : ''}`;
  return joinUrl(`${scheme}//${authority}`, typeof path === 'string' ? path : '/');
}

/** scheme://host[:port]/path?query as sent; the Host header carries the port when it is not the default. */
export function clientRequestUrl(request: ClientRequest): string {
  const hostHeader = request.getHeader('host');
  const host = typeof hostHeader === 'string' && hostHeader ? hostHeader : request.host;
  return joinUrl(`${request.protocol}//${host}`, request.path);
}
