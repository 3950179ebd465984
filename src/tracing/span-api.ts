// Sentry's span API on the OpenTelemetry tracer: spans started here are ordinary OTel spans (the
// app's exporters see them too); our span processor turns sampled local roots into transactions
// named after them (source `custom`, origin `manual`). As in @sentry/node, a callback's error sets
// the span's status and is rethrown untouched (it is not captured: that is captureException's job).
import {
  type Attributes,
  type Context,
  context,
  INVALID_SPAN_CONTEXT,
  isSpanContextValid,
  type Span,
  SpanStatusCode,
  type TimeInput,
  trace,
} from '@opentelemetry/api';
import { withForkedScope } from '../scope-context.js';
import { debug } from '../utils/debug.js';
import { isThenable, safeGet } from '../utils/is.js';
import { safe } from '../utils/safe.js';
import { SDK_VERSION } from '../version.js';
import {
  MEASUREMENT_PREFIX,
  MEASUREMENT_UNIT_PREFIX,
  SEMANTIC_ATTRIBUTE_SENTRY_OP,
  SEMANTIC_ATTRIBUTE_SENTRY_ORIGIN,
  SEMANTIC_ATTRIBUTE_SENTRY_SOURCE,
} from './semantic-attributes.js';

export interface StartSpanOptions {
  name: string;
  /** Sentry's operation, e.g. 'db.query', 'function'. */
  op?: string;
  attributes?: Attributes;
  /** A Date, an OTel HrTime, or a number of seconds (or milliseconds) since the epoch. */
  startTime?: TimeInput;
  /** The parent to use instead of the active span; `null` starts a new trace. */
  parentSpan?: Span | null;
  /** Start the span only when there is a parent; otherwise a non-recording span is used. */
  onlyIfParent?: boolean;
  /** Send this span as a transaction of its own, even with a local parent. */
  forceTransaction?: boolean;
}

const NOOP_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

function tracer() {
  return trace.getTracer('otel-sentry', SDK_VERSION);
}

/** A number of seconds (Sentry) or milliseconds (OTel) since the epoch, as OTel's milliseconds. */
function toTime(time: TimeInput | undefined): TimeInput | undefined {
  if (typeof time === 'number' && Number.isFinite(time) && time > 0 && time < 1e10) return time * 1000;
  return time;
}

/** The context to start the span in, or undefined for "no span" (onlyIfParent without a parent). */
function parentContext(options: StartSpanOptions): Context | undefined {
  let ctx = context.active();
  const parentSpan = safeGet(options, 'parentSpan');
  if (parentSpan === null) ctx = trace.deleteSpan(ctx);
  else if (parentSpan !== undefined) ctx = trace.setSpan(ctx, parentSpan as Span);
  const parent = trace.getSpan(ctx);
  if (safeGet(options, 'onlyIfParent') === true && !parent) return undefined;
  if (safeGet(options, 'forceTransaction') === true && parent) {
    // A remote parent makes the span a local root (a transaction) in the same trace.
    ctx = trace.setSpanContext(ctx, { ...parent.spanContext(), isRemote: true });
  }
  return ctx;
}

function createSpan(options: StartSpanOptions, ctx: Context): Span {
  const name = safeGet(options, 'name');
  const op = safeGet(options, 'op');
  const given = safeGet(options, 'attributes');
  const parent = trace.getSpanContext(ctx);
  // As @sentry/node: a transaction's root says its name is `custom`; its child spans say nothing.
  const isRoot = !parent || !isSpanContextValid(parent) || parent.isRemote === true;
  const attributes: Attributes = {
    [SEMANTIC_ATTRIBUTE_SENTRY_ORIGIN]: 'manual',
    ...(isRoot ? { [SEMANTIC_ATTRIBUTE_SENTRY_SOURCE]: 'custom' } : {}),
    ...(given !== null && typeof given === 'object' ? (given as Attributes) : {}),
  };
  if (typeof op === 'string' && op) attributes[SEMANTIC_ATTRIBUTE_SENTRY_OP] = op;
  if (typeof name !== 'string' || !name) debug.warn('startSpan: a span needs a name; using "<unnamed span>"');
  const startTime = toTime(safeGet(options, 'startTime') as TimeInput | undefined);
  return tracer().startSpan(
    typeof name === 'string' && name ? name : '<unnamed span>',
    { attributes, ...(startTime !== undefined ? { startTime } : {}) },
    ctx,
  );
}

/** Starts a span and makes it active for `callback`, then ends it when the callback (or its promise) is done. */
export function startSpan<T>(options: StartSpanOptions, callback: (span: Span) => T): T {
  return runSpan(options, (span, end) => {
    let result: T;
    try {
      result = callback(span);
    } catch (error) {
      markFailed(span);
      end();
      throw error;
    }
    if (isThenable(result)) {
      // The same promise goes back to the caller; the span ends when it settles.
      result.then(end, () => {
        markFailed(span);
        end();
      });
    } else {
      end();
    }
    return result;
  });
}

/** Like startSpan, but the callback ends the span itself (`span.end()` or the `finish` argument). */
export function startSpanManual<T>(
  options: StartSpanOptions,
  callback: (span: Span, finish: () => void) => T,
): T {
  return runSpan(options, (span, end) => {
    try {
      return callback(span, end);
    } catch (error) {
      markFailed(span);
      throw error;
    }
  });
}

/** Starts a span that is not made active; end it yourself. */
export function startInactiveSpan(options: StartSpanOptions): Span {
  return safe(
    'startInactiveSpan',
    () => {
      const ctx = parentContext(options ?? ({} as StartSpanOptions));
      return ctx ? createSpan(options, ctx) : NOOP_SPAN;
    },
    NOOP_SPAN,
  );
}

function runSpan<T>(options: StartSpanOptions, body: (span: Span, end: () => void) => T): T {
  const started = safe(
    'startSpan',
    () => {
      const ctx = parentContext(options ?? ({} as StartSpanOptions));
      const span = ctx ? createSpan(options, ctx) : NOOP_SPAN;
      return { span, ctx: trace.setSpan(ctx ?? context.active(), span) };
    },
    { span: NOOP_SPAN, ctx: context.active() },
  );
  const { span, ctx } = started;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    safe('span.end', () => span.end(), undefined);
  };
  // As @sentry/node: the callback runs with a fork of the current scope, the span active.
  return context.with(ctx, () => withForkedScope(() => body(span, end)));
}

function markFailed(span: Span): void {
  safe(
    'span.setStatus',
    () => span.setStatus({ code: SpanStatusCode.ERROR, message: 'internal_error' }),
    undefined,
  );
}

export function getActiveSpan(): Span | undefined {
  return safe('getActiveSpan', () => trace.getActiveSpan(), undefined);
}

/** Runs `callback` with `span` active (`null`: with no active span). */
export function withActiveSpan<T>(span: Span | null, callback: (scope: unknown) => T): T {
  const ctx = safe(
    'withActiveSpan',
    () => (span ? trace.setSpan(context.active(), span) : trace.deleteSpan(context.active())),
    context.active(),
  );
  return context.with(ctx, () => withForkedScope((scope) => callback(scope)));
}

/** Renames a span; its transaction keeps the new name (source `custom`). */
export function updateSpanName(span: Span, name: string): void {
  safe(
    'updateSpanName',
    () => {
      if (typeof name !== 'string' || !name) return;
      span.updateName(name);
      span.setAttribute(SEMANTIC_ATTRIBUTE_SENTRY_SOURCE, 'custom');
    },
    undefined,
  );
}

/** Adds a measurement to the transaction of the active span (or of `span`). */
export function setMeasurement(name: string, value: number, unit?: string, span?: Span): void {
  safe(
    'setMeasurement',
    () => {
      const target = span ?? trace.getActiveSpan();
      if (!target || typeof name !== 'string' || !name) return;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        debug.warn(`setMeasurement("${name}"): the value must be a finite number`);
        return;
      }
      target.setAttribute(MEASUREMENT_PREFIX + name, value);
      if (typeof unit === 'string' && unit) target.setAttribute(MEASUREMENT_UNIT_PREFIX + name, unit);
    },
    undefined,
  );
}
