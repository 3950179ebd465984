// How a job runs, for BullMQ and for `wrapJob`: in its own isolation scope without earlier
// breadcrumbs, with its context and transaction name, and (unless the queue library traces it
// itself) inside a `process <queue>` CONSUMER span that continues the producer's trace from the
// propagation headers the job carries, or starts a new trace when it carries none. One context
// is entered per job (scopes and span together): this runs for every job, so it stays lean. In
// the errors-only default (otel-sentry's own provider, no `tracesSampleRate`) no span would be
// recorded: the job then runs in the producer's remote span context, which continues its trace
// ids just as well, without the span's cost.
import {
  type Context,
  context,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { getClient } from '../api.js';
import { otelSetupMode } from '../otel-setup.js';
import { forkIsolationScopes } from '../scope-context.js';
import { isPlainObject, isThenable } from '../utils/is.js';
import { safe } from '../utils/safe.js';

export interface JobScope {
  /** The key of the event context: `bullmq`, `job`. */
  contextKey: string;
  context: Record<string, unknown>;
  /** A span of our own; false when the queue library makes one (bullmq-otel). */
  span: false | { name: string; attributes: Record<string, string>; carrier: unknown };
}

const ourSpans = new WeakSet<Span>();
let tracer: Tracer | undefined;

/** The context a job runs in: forked scopes, and the span when it has one of ours. */
function jobContext(job: JobScope): { ctx: Context; span?: Span } {
  let base = context.active();
  if (job.span) {
    // Not a child of whatever span was active where the worker loop started.
    base = trace.deleteSpan(base);
    const { carrier } = job.span;
    if (isPlainObject(carrier)) base = propagation.extract(base, carrier);
  }
  const forked = forkIsolationScopes(base);
  const scope = forked.isolation;
  scope.clearBreadcrumbs();
  scope.setContext(job.contextKey, job.context);
  if (typeof job.context.name === 'string') scope.setTransactionName(job.context.name);
  if (!job.span || !recordsSpans()) return { ctx: forked.context };
  // A ProxyTracer: follows whichever provider is registered when the span starts.
  tracer ??= trace.getTracer('otel-sentry');
  const { name, attributes } = job.span;
  const span = tracer.startSpan(name, { kind: SpanKind.CONSUMER, attributes }, base);
  ourSpans.add(span);
  return { ctx: trace.setSpan(forked.context, span), span };
}

/** Spans are recorded: a `tracesSampleRate`, or the app's own tracer provider. */
function recordsSpans(): boolean {
  if (getClient()?.options.tracesSampleRate !== undefined) return true;
  const mode = otelSetupMode();
  return mode !== 'own' && mode !== 'unavailable';
}

export function runInJobScope<T>(job: JobScope, run: () => T): T {
  const made = safe('job scope', () => jobContext(job), undefined);
  if (!made) return run();
  const { ctx, span } = made;
  if (!span) return context.with(ctx, run);
  let result: T;
  try {
    result = context.with(ctx, run);
  } catch (error) {
    span.end();
    throw error;
  }
  if (!isThenable(result)) {
    span.end();
    return result;
  }
  return Promise.resolve(result).finally(() => span.end()) as T;
}

/** Marks the job's span (ours only, never the app's) as failed. */
export function markJobFailed(): void {
  const span = trace.getActiveSpan();
  if (span && ourSpans.has(span)) span.setStatus({ code: SpanStatusCode.ERROR });
}
