// A separate isolation scope for each incoming request, for its whole lifetime.
//
// Source: Node's `http.server.request.start` diagnostics channel, not HttpInstrumentation's server
// hooks. The hooks are void callbacks inside OTel's `context.with(...)`, and OTel builds that
// context from ROOT_CONTEXT, so nothing set around or inside them reaches the handler. The channel
// also works whatever the load order, without OTel's server side, and for http and https alike.
//
// The channel fires just before `server.emit('request')`. We then make sure the server's 'request'
// listeners are wrapped: the wrapper runs inside OTel's emit wrapper (so it sees the server span)
// and runs the listener with a forked isolation scope added to that context, to which it also
// binds req and res so their listeners ('data', 'end', 'finish', …) run with the same scopes.
import { subscribe } from 'node:diagnostics_channel';
import type { EventEmitter } from 'node:events';
import { IncomingMessage, type ServerResponse } from 'node:http';
import { type Context, context, createContextKey, trace } from '@opentelemetry/api';
import { bindEmitterToContext } from '../../src/bind-emitter.js';
import type { RequestData } from '../../src/protocol/types.js';
import { forkIsolationScopes } from '../../src/scope-context.js';
import { safe } from '../../src/utils/safe.js';
import type { ScrubRules } from '../../src/utils/scrub-rules.js';
import { isClientEnabled, requestBodyLimit, scrubRules } from '../shared/client-options.js';
import { clientIp } from '../shared/scrub.js';
import { type BodyCapture, captureBody } from './body.js';
import {
  fromIncomingMessage,
  type IncomingRequestLike,
  requestData,
  requestMethod,
  requestPath,
} from './request-data.js';
import { requestEventProcessor } from './request-processor.js';
import { wrapRequestListeners } from './server-listeners.js';

/** @opentelemetry/core's key (a `Symbol.for`, so shared by every copy of core). */
const RPC_METADATA_KEY = createContextKey('OpenTelemetry SDK Context Key RPC_METADATA');

interface Pending {
  response: ServerResponse;
  body: BodyCapture | undefined;
  /** Made by the first listener, reused by the others. */
  ctx?: Context;
}

// Per-request state lives on the request itself: a module-level WeakMap keyed by every request
// made V8's young-generation GC promote almost everything (measured: GC from 4% to 23% of CPU).
const PENDING = Symbol('otel-sentry.pending-request');
type Tracked = IncomingMessage & { [PENDING]?: Pending };
/** Process-wide, so an app loading both our ESM and CJS builds still forks once per request. */
const SUBSCRIBED = Symbol.for('otel-sentry.incoming-request-isolation');

/** Subscribes once per process; idempotent. */
export function enableIncomingRequestIsolation(): void {
  const g = globalThis as { [SUBSCRIBED]?: boolean };
  if (g[SUBSCRIBED]) return;
  g[SUBSCRIBED] = true;
  subscribe('http.server.request.start', (message: unknown) =>
    safe('incoming request', () => onRequestStart(message), undefined),
  );
}

function onRequestStart(message: unknown): void {
  if (!isClientEnabled()) return;
  const { request, response, server } = message as {
    request?: unknown;
    response?: unknown;
    server?: unknown;
  };
  if (!(request instanceof IncomingMessage) || !isEmitter(server)) return;
  wrapRequestListeners(server, requestContext);
  // The body is observed from the start, before any listener can read it.
  (request as Tracked)[PENDING] = {
    response: response as ServerResponse,
    body: captureBody(request, requestBodyLimit()),
  };
}

/** The context a 'request' listener runs in; undefined for a request we did not see start. */
function requestContext(request: unknown): Context | undefined {
  if (!(request instanceof IncomingMessage)) return undefined;
  const entry = (request as Tracked)[PENDING];
  if (!entry) return undefined;
  entry.ctx ??= createRequestContext(request, entry);
  return entry.ctx;
}

function createRequestContext(request: IncomingMessage, entry: Pending): Context {
  const rules = scrubRules();
  const method = requestMethod(request.method);
  const otelContext = context.active();
  // Forked without entering it: the listener wrapper enters the context, and entering it here as
  // well cost a quarter of the request's isolation.
  const { context: ctx, isolation: scope } = forkIsolationScopes(otelContext);
  // Breadcrumbs from before the request (startup, other work) are not this request's story.
  scope.clearBreadcrumbs();
  const defaultName = `${method} ${requestPath(request.url)}`;
  scope.setTransactionName(defaultName);
  scope.addEventProcessor(
    requestEventProcessor({
      request: lazyRequestData(request, rules),
      method,
      defaultName,
      body: entry.body,
      rpcMetadata: otelContext.getValue(RPC_METADATA_KEY),
      span: trace.getSpan(otelContext),
      ip: !rules.defaults ? clientIp(request.headers, request.socket?.remoteAddress) : undefined,
    }),
  );
  bindEmitterToContext(request, ctx, true);
  bindEmitterToContext(entry.response, ctx, true);
  return ctx;
}

/**
 * `event.request`, built when the first event needs it (URL and header scrubbing cost more than
 * the rest of the request's setup) from a snapshot of the IncomingMessage. Not the message
 * itself: the scopes outlive the request (a keep-alive socket's timer holds the context until
 * the connection's next request), and holding the message kept every finished request's objects
 * alive that long. Only the fallback for a missing Host header reads the socket (a syscall).
 */
function lazyRequestData(request: IncomingMessage, rules: ScrubRules): () => RequestData {
  let data: RequestData | undefined;
  const snapshot: IncomingRequestLike = request.headers.host
    ? {
        method: request.method,
        url: request.url,
        headers: request.headers,
        encrypted: (request.socket as { encrypted?: boolean } | null)?.encrypted === true,
      }
    : fromIncomingMessage(request);
  return () => {
    data ??= requestData(snapshot, rules);
    return data;
  };
}

function isEmitter(value: unknown): value is EventEmitter {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as EventEmitter).rawListeners === 'function' &&
    typeof (value as EventEmitter).on === 'function'
  );
}
