// How a job runs, for BullMQ and for `wrapJob`: in its own isolation scope without earlier
// breadcrumbs, with its context and transaction name, and (unless the queue library traces it
// itself) inside a `process <queue>` CONSUMER span that continues the producer's trace from the
// propagation headers the job carries, or starts a new trace when it carries none.
import { context, propagation, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { withIsolationScope } from '../api.js';
import { isPlainObject } from '../utils/is.js';
import { safe } from '../utils/safe.js';

export interface JobScope {
  /** The key of the event context: `bullmq`, `job`. */
  contextKey: string;
  context: Record<string, unknown>;
  /** A span of our own; false when the queue library makes one (bullmq-otel). */
  span: false | { name: string; attributes: Record<string, string>; carrier: unknown };
}

const ourSpans = new WeakSet<Span>();

export function runInJobScope<T>(job: JobScope, run: () => T): T | Promise<T> {
  return withIsolationScope((scope) => {
    safe(
      'job scope',
      () => {
        scope.clearBreadcrumbs();
        scope.setContext(job.contextKey, job.context);
        if (typeof job.context.name === 'string') scope.setTransactionName(job.context.name);
      },
      undefined,
    );
    if (!job.span) return run();
    const { name, attributes, carrier } = job.span;
    // Not a child of whatever span was active where the worker loop started.
    const base = trace.deleteSpan(context.active());
    const parent = safe(
      'job trace',
      () => (isPlainObject(carrier) ? propagation.extract(base, carrier) : base),
      base,
    );
    const span = trace
      .getTracer('otel-sentry')
      .startSpan(name, { kind: SpanKind.CONSUMER, attributes }, parent);
    ourSpans.add(span);
    return context.with(trace.setSpan(parent, span), async () => {
      try {
        return await run();
      } finally {
        span.end();
      }
    });
  });
}

/** Marks the job's span (ours only, never the app's) as failed. */
export function markJobFailed(): void {
  const span = trace.getActiveSpan();
  if (span && ourSpans.has(span)) span.setStatus({ code: SpanStatusCode.ERROR });
}
