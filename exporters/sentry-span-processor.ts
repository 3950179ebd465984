// A SpanProcessor that reports every exception recorded on a span as a Sentry error event, linked
// to that span, and – with `tracesSampleRate` – sends sampled local root spans as transactions.
//
// onStart: makes `recordException` keep the original value (record-exception.ts) and remembers
//          the scopes active when the span started (onEnd runs in the parent's context), on the
//          span itself under a symbol: a long-lived WeakMap keyed by short-lived spans makes V8's
//          minor GC keep its entries (measured at ~0.5 µs per span, 50x a property).
// onEnd:   one loop over `span.events`; only spans with an `exception` event do more. Then, with
//          tracing on, sampled spans go to the transaction buffer, or with `tracesVia: 'otlp'`
//          as they are to the OTLP span sink (otlp/traces-via-otlp.ts).
// Exceptions are captured a few ticks later (three setImmediate turns, or at the next flush or
// captureException): a framework's error handler (setupExpressErrorHandler, ...) sees the same
// Error right after the span that recorded it ended, or a router's setImmediate hop or two later,
// and its capture, with the framework's mechanism and route, or its decision to skip a 4xx,
// wins. Errors carrying a 4xx status are not captured here either (httpStatusOf).
// Events go through the client's normal pipeline (scopes, beforeSend, sampling, transport) and
// never throw into the instrumented code.
import { type Context, SpanKind } from '@opentelemetry/api';
import { getClient } from '../src/api.js';
import {
  markCaptured,
  markPrimitiveCaptured,
  takePrimitiveToken,
  wasCaptured,
  wasPrimitiveCaptured,
} from '../src/captured-errors.js';
import type { Client } from '../src/client.js';
import { getCurrentClient } from '../src/current-client.js';
import { addPendingDrain, removePendingDrain } from '../src/deferred-captures.js';
import { getScopes, type Scopes } from '../src/scope-context.js';
import { getState } from '../src/state.js';
import { dscFromSpanContext } from '../src/tracing/dsc-trace-state.js';
import { isLocalRoot, parentIdOf, type SpanLike } from '../src/tracing/span-data.js';
import { debug } from '../src/utils/debug.js';
import { isServerError } from '../src/utils/http-status.js';
import { safeGet } from '../src/utils/is.js';
import { exceptionKey, loggedExceptionKey, recentExceptions } from './dedupe.js';
import { applyIgnoreSpans } from './ignore-spans.js';
import { otlpSpanSink } from './otlp/traces-via-otlp.js';
import { keepRecordedExceptions, recordedException } from './record-exception.js';
import { traceIdInRate } from './sentry-sampler.js';
import { type BuiltEvent, eventFromAttributes, eventFromRecorded } from './span-to-event.js';
import { isSampled, TransactionBuffer } from './transactions.js';

/** Marks our processors, so a provider never gets a second one from `init()`. */
export const SENTRY_PROCESSOR = Symbol.for('otel-sentry.span-processor');
const START_SCOPES = Symbol.for('otel-sentry.span-start-scopes');
/** Spans waiting for their exceptions to be captured, at most; past it they are captured at once. */
const MAX_DEFERRED = 10_000;

type WithScopes = { [START_SCOPES]?: Scopes };

export interface SentrySpanProcessorOptions {
  /** Report exceptions recorded on spans as error events. Default true. */
  captureSpanExceptions?: boolean;
}

export class SentrySpanProcessor {
  readonly [SENTRY_PROCESSOR] = true;
  private readonly _captureExceptions: boolean;
  /** Shared with the log record processor and the logger integrations: one event per exception. */
  private readonly _recent = recentExceptions();
  private readonly _transactions = new TransactionBuffer();
  private _shutdown = false;
  private readonly _deferred: Deferred[] = [];
  private readonly _drain = (): void => this._drainDeferred();
  /** Local roots that ended, built into transactions one tick later (see _addToTransaction). */
  private readonly _endedRoots: { span: SpanLike; scopes: Scopes }[] = [];
  private readonly _buildRoots = (): void => this._buildEndedRoots();

  constructor(options: SentrySpanProcessorOptions = {}) {
    this._captureExceptions = safeGet(options, 'captureSpanExceptions') !== false;
  }

  onStart(span: object, parentContext: Context): void {
    if (this._shutdown) return;
    try {
      if (this._captureExceptions) keepRecordedExceptions(span);
      const scopes = getScopes(parentContext);
      const state = getState();
      if (scopes.isolation !== state.defaultIsolationScope || scopes.current !== state.defaultCurrentScope) {
        (span as WithScopes)[START_SCOPES] = scopes;
      }
    } catch {
      // Never break span creation.
    }
  }

  onEnd(span: SpanLike): void {
    if (this._shutdown) return;
    try {
      const events = span.events;
      for (let i = 0; i < events.length; i++) {
        if (events[i]?.name === 'exception') {
          if (this._captureExceptions) this._captureSpanExceptions(span);
          break;
        }
      }
      const client = getCurrentClient();
      const options = client?.options;
      if (client && (options?.tracesSampleRate !== undefined || options?.tracesSampler !== undefined)) {
        this._addToTransaction(client, span);
      }
    } catch (err) {
      debug.error('SentrySpanProcessor.onEnd failed:', err);
    }
  }

  /**
   * Reports the exceptions on a span this processor was not called for: otel-sentry's own setup
   * sends those recorded on non-recording spans here (non-recording-span.ts).
   */
  captureSpanExceptions(span: SpanLike): void {
    if (this._shutdown || !this._captureExceptions) return;
    try {
      this._captureSpanExceptions(span);
    } catch (err) {
      debug.error('SentrySpanProcessor.captureSpanExceptions failed:', err);
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this._shutdown = true;
    return Promise.resolve();
  }

  private _captureSpanExceptions(span: SpanLike): void {
    // The scopes active now: the fallback for exceptions recorded without scopes of their own.
    const scopes = getScopes();
    if (this._deferred.length >= MAX_DEFERRED) {
      this._captureNow(span, scopes);
      return;
    }
    if (this._deferred.length === 0) addPendingDrain(this._drain);
    const entry = { span, scopes };
    this._deferred.push(entry);
    // Each entry waits its own turns: one queued behind an older entry must not go early.
    afterCheckPhases(DEFER_HOPS, () => this._captureDeferred(entry));
  }

  /** Captures one deferred entry, unless a drain (flush, captureException) took it already. */
  private _captureDeferred(entry: Deferred): void {
    const i = this._deferred.indexOf(entry);
    if (i < 0) return;
    this._deferred.splice(i, 1);
    if (this._deferred.length === 0) removePendingDrain(this._drain);
    this._captureGuarded(entry);
  }

  private _drainDeferred(): void {
    removePendingDrain(this._drain);
    for (const entry of this._deferred.splice(0)) this._captureGuarded(entry);
  }

  private _captureGuarded({ span, scopes }: Deferred): void {
    try {
      this._captureNow(span, scopes);
    } catch (err) {
      debug.error('SentrySpanProcessor: capturing span exceptions failed:', err);
    }
  }

  private _captureNow(span: SpanLike, activeScopes: Scopes): void {
    const client = getClient();
    if (!client?.isEnabled()) return;
    const traceId = span.spanContext().traceId;
    for (const spanEvent of span.events) {
      if (spanEvent.name !== 'exception') continue;
      const recorded = recordedException(spanEvent);
      const scopes = startScopes(span) ?? recorded?.scopes ?? activeScopes;
      const key = exceptionKey(traceId, spanEvent.attributes);
      const time = spanEvent.time[0] * 1000 + spanEvent.time[1] / 1e6;
      const value = recorded?.value;
      if (value !== null && typeof value === 'object') {
        // Identity decides: the same Error on several spans, or already captured, is one event.
        if (wasCaptured(value)) continue;
        if (!isServerError(value)) {
          debug.log('not capturing an exception with a 4xx status recorded on a span');
          markCaptured(value, '');
          continue;
        }
        // Remembered also to hide string-only copies of it (other providers); already seen as a
        // string (an OTel log record of the same exception): one event.
        const exact = this._recent.seen(key, time);
        const loose = this._recent.seen(
          loggedExceptionKey(traceId, safeGet(value, 'stack'), safeGet(value, 'message')),
          time,
        );
        if (exact || loose) continue;
        const built = eventFromRecorded(span, spanEvent, value, client.options.attachStacktrace);
        markCaptured(value, this._send(client, built, scopes));
      } else if (!this._recent.seen(key, time)) {
        // Seen first, so copies of it on other spans stay quiet whichever way this one goes.
        if (recorded && (wasPrimitiveCaptured(traceId, value) || takePrimitiveToken(value, 'handler'))) {
          continue; // a thrown string a framework handler already captured
        }
        this._send(client, eventFromAttributes(span, spanEvent), scopes);
        if (recorded) markPrimitiveCaptured(traceId, value, 'span');
      }
    }
  }

  private _send(client: Client, built: BuiltEvent, scopes: Scopes): string {
    return client.captureEvent(built.event, built.hint, scopes);
  }

  private _addToTransaction(client: Client, span: SpanLike): void {
    if (!isSampled(span) || !inSentrySample(span, client.options.tracesSampleRate)) return;
    if (client.options.tracesVia === 'otlp') {
      // The span as it is, to the OTLP endpoint: no transaction is built.
      if (client.isEnabled()) otlpSpanSink(client)?.add(span);
      return;
    }
    if (isOrphanHttpClient(span)) return; // a request made outside any request or job: no transaction
    if (isLocalRoot(span)) {
      // Children may end just after their root (Express ends its request handler's span on the
      // response's 'finish', after the server span): the transaction is built one tick later.
      if (this._endedRoots.length === 0) {
        setImmediate(this._buildRoots);
        addPendingDrain(this._buildRoots);
      }
      this._endedRoots.push({ span, scopes: startScopes(span) ?? getScopes() });
      return;
    }
    this._addSpan(client, span);
  }

  private _buildEndedRoots(): void {
    removePendingDrain(this._buildRoots);
    const client = getClient();
    for (const { span, scopes } of this._endedRoots.splice(0)) {
      try {
        if (client) this._addSpan(client, span, scopes);
      } catch (err) {
        debug.error('SentrySpanProcessor: building a transaction failed:', err);
      }
    }
  }

  private _addSpan(client: Client, span: SpanLike, rootScopes?: Scopes): void {
    const result = this._transactions.add(span);
    if (this._transactions.dropped > 0) {
      client.recordDroppedEvent('queue_overflow', 'span', this._transactions.dropped);
      this._transactions.dropped = 0;
    }
    if (!result) return;
    if (result.droppedSpans > 0) client.recordDroppedEvent('queue_overflow', 'span', result.droppedSpans);
    const { event, dropped } = applyIgnoreSpans(result.event, client.options.ignoreSpans);
    if (dropped > 0) client.recordDroppedEvent('event_processor', 'span', dropped);
    if (!event) {
      client.recordDroppedEvent('event_processor', 'transaction');
      return;
    }
    client.captureEvent(event, { otelSpan: span }, rootScopes ?? getScopes());
  }
}

/**
 * Whether a sampled span's trace was picked for Sentry. A trace with a DSC was decided by our
 * sampler or continued from a Sentry SDK: its sampled flag is the answer. Without one, an app's
 * own sampler decided, and one that samples more than `tracesSampleRate` is narrowed to that
 * share, by trace id.
 */
function inSentrySample(span: SpanLike, rate: number | undefined): boolean {
  if (dscFromSpanContext(span.spanContext())) return true;
  return rate === undefined || traceIdInRate(span.spanContext().traceId, rate);
}

interface Deferred {
  span: SpanLike;
  scopes: Scopes;
}

/**
 * Check phases (setImmediate turns) a span's exceptions wait for a framework handler. Routers hand
 * errors on through setImmediate: Express 5 leaving a nested router (`app.use('/api', router)`)
 * takes one turn per level before setupExpressErrorHandler sees the error.
 */
const DEFER_HOPS = 3;

function afterCheckPhases(hops: number, fn: () => void): void {
  setImmediate(hops <= 1 ? fn : () => afterCheckPhases(hops - 1, fn));
}

function startScopes(span: object): Scopes | undefined {
  return (span as WithScopes)[START_SCOPES];
}

/** As Sentry does: an outgoing HTTP request with no local parent does not become a transaction. */
function isOrphanHttpClient(span: SpanLike): boolean {
  const a = span.attributes;
  const http = a['http.request.method'] !== undefined || a['http.method'] !== undefined;
  return http && span.kind === SpanKind.CLIENT && parentIdOf(span) === undefined;
}
