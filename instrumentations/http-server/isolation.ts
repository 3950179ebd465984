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
import { withIsolationScope } from '../../src/api.js';
import { safe } from '../../src/utils/safe.js';
import { isClientEnabled, requestBodyLimit, sendDefaultPii } from '../shared/client-options.js';
import { clientIp } from '../shared/scrub.js';
import { bindEmitterToContext } from './bind-emitter.js';
import { type BodyCapture, captureBody } from './body.js';
import { fromIncomingMessage, requestInfo } from './request-data.js';
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

const pending = new WeakMap<IncomingMessage, Pending>();
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
  pending.set(request, {
    response: response as ServerResponse,
    body: captureBody(request, requestBodyLimit()),
  });
}

/** The context a 'request' listener runs in; undefined for a request we did not see start. */
function requestContext(request: unknown): Context | undefined {
  if (!(request instanceof IncomingMessage)) return undefined;
  const entry = pending.get(request);
  if (!entry) return undefined;
  entry.ctx ??= createRequestContext(request, entry);
  return entry.ctx;
}

function createRequestContext(request: IncomingMessage, entry: Pending): Context {
  const pii = sendDefaultPii();
  const info = requestInfo(fromIncomingMessage(request), pii);
  const otelContext = context.active();
  let ctx = otelContext;
  withIsolationScope((scope) => {
    // Breadcrumbs from before the request (startup, other work) are not this request's story.
    scope.clearBreadcrumbs();
    const defaultName = `${info.method} ${info.path}`;
    scope.setTransactionName(defaultName);
    scope.setSdkProcessingMetadata({ request: info.request });
    scope.addEventProcessor(
      requestEventProcessor({
        scope,
        method: info.method,
        defaultName,
        body: entry.body,
        rpcMetadata: otelContext.getValue(RPC_METADATA_KEY),
        span: trace.getSpan(otelContext),
        ip: pii ? clientIp(request.headers, request.socket?.remoteAddress) : undefined,
      }),
    );
    ctx = context.active();
  });
  bindEmitterToContext(request, ctx);
  bindEmitterToContext(entry.response, ctx);
  return ctx;
}

function isEmitter(value: unknown): value is EventEmitter {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as EventEmitter).rawListeners === 'function' &&
    typeof (value as EventEmitter).on === 'function'
  );
}
