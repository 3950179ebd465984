// What Sentry wants to know about a span, inferred from its OTel name, kind, status and
// attributes (stable semantic conventions first, the pre-1.20 names as fallback): op,
// description, transaction source, status, origin. Pure functions over a span-like object.
import { type Attributes, type HrTime, type SpanContext, SpanKind, SpanStatusCode } from '@opentelemetry/api';

/** The fields of an OTel SDK ReadableSpan this package reads (2.x and 3.x; `parentSpanId` is 1.x). */
export interface SpanLike {
  readonly name: string;
  readonly kind: SpanKind;
  spanContext(): SpanContext;
  readonly parentSpanContext?: SpanContext;
  readonly parentSpanId?: string;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly status: { code: SpanStatusCode; message?: string };
  readonly attributes: Attributes;
  readonly events: ReadonlyArray<{ name: string; time: HrTime; attributes?: Attributes }>;
  readonly resource?: { attributes?: Attributes };
  readonly instrumentationScope?: { name: string; version?: string };
}

export type TransactionSource = 'custom' | 'url' | 'route' | 'component' | 'task';

export interface SentrySpanData {
  op: string | undefined;
  description: string;
  source: TransactionSource;
}

const HTTP_STATUS: Record<number, string> = {
  400: 'failed_precondition',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  409: 'aborted',
  429: 'resource_exhausted',
  499: 'cancelled',
  500: 'internal_error',
  501: 'unimplemented',
  503: 'unavailable',
  504: 'deadline_exceeded',
};

const GRPC_STATUS = [
  'ok',
  'cancelled',
  'unknown',
  'invalid_argument',
  'deadline_exceeded',
  'not_found',
  'already_exists',
  'permission_denied',
  'resource_exhausted',
  'failed_precondition',
  'aborted',
  'out_of_range',
  'unimplemented',
  'internal_error',
  'unavailable',
  'data_loss',
  'unauthenticated',
];

export function hrToSeconds(time: HrTime): number {
  return time[0] + time[1] / 1e9;
}

/** The parent span id: `parentSpanContext.spanId` (2.x, 3.x) or `parentSpanId` (1.x). */
export function parentIdOf(span: SpanLike): string | undefined {
  const id = span.parentSpanContext?.spanId ?? span.parentSpanId;
  return typeof id === 'string' && id.length === 16 && id !== '0000000000000000' ? id : undefined;
}

/** A span with no parent in this process: its parent, if any, came in through propagation. */
export function isLocalRoot(span: SpanLike): boolean {
  const parent = span.parentSpanContext;
  if (parent) return parent.isRemote === true;
  return parentIdOf(span) === undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** An URL without credentials, query string and fragment (descriptions must not carry them). */
export function stripUrl(url: string): string {
  // A path (server spans' `url.path`) needs no parsing; neither does a URL without credentials.
  if (url.startsWith('/') || !url.includes('@')) {
    const cut = url.search(/[?#]/);
    return cut >= 0 ? url.slice(0, cut) : url;
  }
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    const cut = url.search(/[?#]/);
    return cut >= 0 ? url.slice(0, cut) : url;
  }
}

export function inferSpanData(span: SpanLike): SentrySpanData {
  const a = span.attributes;
  const explicitOp = str(a['sentry.op']);
  const explicitSource = str(a['sentry.source']) as TransactionSource | undefined;
  const inferred = inferFromAttributes(span, a);
  return {
    op: explicitOp ?? inferred.op,
    description: inferred.description,
    source: explicitSource ?? inferred.source,
  };
}

function inferFromAttributes(span: SpanLike, a: Attributes): SentrySpanData {
  let method = str(a['http.request.method']) ?? str(a['http.method']);
  if (method === '_OTHER') method = str(a['http.request.method_original']) ?? method;
  if (method) return httpData(span, a, method);
  const db = str(a['db.system.name']) ?? str(a['db.system']);
  if (db) {
    const query = str(a['db.query.text']) ?? str(a['db.statement']);
    return { op: 'db', description: query ?? span.name, source: 'task' };
  }
  if (str(a['rpc.service'])) return { op: 'rpc', description: span.name, source: 'route' };
  const genAi = str(a['gen_ai.operation.name']);
  if (genAi) return { op: `gen_ai.${genAi}`, description: span.name, source: 'custom' };
  if (str(a['messaging.system'])) return { op: 'message', description: span.name, source: 'task' };
  const faas = str(a['faas.trigger']);
  if (faas) return { op: faas, description: span.name, source: 'route' };
  // Framework layers: express and koa instrumentations name the layer type.
  const layer = str(a['express.type']) ?? str(a['koa.type']);
  if (layer) {
    const framework = a['express.type'] !== undefined ? 'express' : 'koa';
    // The layer's own name ('jsonParser', '/users/:id'), as @sentry/node describes it.
    const name = str(a[`${framework}.name`]) ?? span.name;
    return { op: `${layer}.${framework}`, description: name, source: 'component' };
  }
  return { op: undefined, description: span.name, source: 'custom' };
}

function httpData(span: SpanLike, a: Attributes, method: string): SentrySpanData {
  const op =
    span.kind === SpanKind.CLIENT ? 'http.client' : span.kind === SpanKind.SERVER ? 'http.server' : 'http';
  const route = str(a['http.route']);
  if (route) return { op, description: `${method} ${route}`, source: 'route' };
  let target: string | undefined;
  if (span.kind === SpanKind.CLIENT) {
    const url = str(a['url.full']) ?? str(a['http.url']);
    target = url ? stripUrl(url) : undefined;
  } else {
    const path = str(a['url.path']) ?? str(a['http.target']);
    target = path ? stripUrl(path) : undefined;
  }
  if (!target) return { op, description: span.name, source: 'custom' };
  return { op, description: `${method} ${target}`, source: target === '/' ? 'route' : 'url' };
}

/** Sentry's span status: from the HTTP or gRPC status code when present, else from the OTel status. */
export function spanStatus(span: SpanLike): string {
  const a = span.attributes;
  const http = Number(a['http.response.status_code'] ?? a['http.status_code']);
  if (Number.isInteger(http) && http > 0) {
    if (http < 400) return 'ok';
    const known = HTTP_STATUS[http];
    if (known) return known;
    if (http < 500) return 'invalid_argument';
    if (http < 600) return 'internal_error';
  }
  const grpc = Number(a['rpc.grpc.status_code']);
  if (Number.isInteger(grpc) && grpc >= 1 && grpc <= 16) return GRPC_STATUS[grpc] as string;
  if (span.status.code !== SpanStatusCode.ERROR) return 'ok';
  // A Sentry status given as the message (startSpan's callback threw: 'internal_error'), as @sentry/node.
  const message = span.status.message;
  if (message && (GRPC_STATUS.includes(message) || message === 'unknown_error')) return message;
  // A failed request with no response (network error): Sentry's convention for client spans.
  if (span.kind === SpanKind.CLIENT && a['http.request.method'] !== undefined) return 'internal_error';
  return 'unknown';
}

/** Span origins as @sentry/node gives them, by instrumentation scope name. */
const ORIGINS: Readonly<Record<string, string>> = {
  '@opentelemetry/instrumentation-http': 'auto.http.otel.http',
  '@opentelemetry/instrumentation-undici': 'auto.http.otel.node_fetch',
  '@opentelemetry/instrumentation-express': 'auto.http.express',
  '@opentelemetry/instrumentation-connect': 'auto.http.connect',
  '@opentelemetry/instrumentation-koa': 'auto.http.koa',
  '@opentelemetry/instrumentation-hapi': 'auto.http.hapi',
  '@opentelemetry/instrumentation-nestjs-core': 'auto.http.otel.nestjs',
  '@fastify/otel': 'auto.http.otel.fastify',
};

/**
 * The span's `sentry.origin`, else @sentry/node's origin for a known instrumentation, else
 * `auto.otel.<library>` for other OTel instrumentations, `manual` for the app's own tracers.
 */
export function spanOrigin(span: SpanLike): string {
  const explicit = str(span.attributes['sentry.origin']);
  if (explicit) return explicit;
  const name = span.instrumentationScope?.name ?? '';
  const known = ORIGINS[name];
  if (known) return known;
  const match = /instrumentation-([a-z0-9-]+)$/.exec(name);
  if (!match?.[1]) return 'manual';
  return `auto.otel.${match[1].replace(/-/g, '_')}`;
}
