// The client runs the capture pipeline:
//   capture (sync): event from the input, scope data merged, sampling
//   process (async): context lines → integration processors → global, isolation, current scope
//                    processors → beforeSend → normalize and fit to 1 MiB → scrub → envelope → transport
// Every drop is counted for client reports. Nothing here throws to the caller.
import { hostname } from 'node:os';
import { markCaptured, wasCaptured } from './captured-errors.js';
import { ClientReportRecorder } from './client-reports.js';
import type { ResolvedOptions } from './core-options.js';
import { drainPendingCaptures } from './deferred-captures.js';
import { finalizeEvent } from './event/finalize.js';
import { eventFromMessage, eventFromUnknown } from './event/from-error.js';
import { prepareEvent } from './event/prepare.js';
import { scrubEvent } from './event/scrub.js';
import { serializeEvent } from './event/serialize.js';
import { matchesIgnoreErrors, matchesIgnoreTransactions } from './ignore-errors.js';
import { runSteps, type Step, type StepResult } from './pipeline.js';
import type { Dsn } from './protocol/dsn.js';
import type { DataCategory, Envelope, Event, Outcome, SeverityLevel } from './protocol/types.js';
import { getScopes, type Scopes } from './scope-context.js';
import { mergeScopeData } from './scope-data.js';
import { getState } from './state.js';
import { envelopeTraceHeader } from './tracing/envelope-trace-header.js';
import { createHttpTransport } from './transport/http-transport.js';
import type { Transport } from './transport/types.js';
import type { EventHint, EventProcessor } from './types.js';
import { debug } from './utils/debug.js';
import { isThenable } from './utils/is.js';
import { callUser, safe, swallow } from './utils/safe.js';
import { createScrubRules, type ScrubRules } from './utils/scrub-rules.js';
import { withTimeout } from './utils/timeout.js';
import { SDK_NAME, SDK_VERSION } from './version.js';

const CLIENT_REPORT_INTERVAL_MS = 60_000;

/** Something that sends for the client besides its transports (the OTLP span sink). */
export interface Flushable {
  flush(timeoutMs?: number): Promise<boolean>;
  pending(): boolean;
}
/** Events being processed at once; beyond this captures are dropped as queue_overflow. */
const MAX_PENDING = 10_000;

export class Client {
  readonly options: ResolvedOptions;
  /** `sendDefaultPii`, `denyKeys`, `allowKeys` and the DSN's key, compiled once; read by instrumentations. */
  readonly scrubRules: ScrubRules;
  private _dsn: Dsn | undefined;
  private _transport: Transport | undefined;
  /** A second destination for every envelope: a local Spotlight or inbox. */
  /** `serverName`, else the host's name: what events, logs and metrics report as their server. */
  readonly serverName: string | undefined;
  private _spotlight: Transport | undefined;
  private _enabled: boolean;
  private _pending = new Set<Promise<void>>();
  private _reports = new ClientReportRecorder();
  private _reportTimer: NodeJS.Timeout | undefined;
  private _integrations: string[] = [];
  private _integrationSteps: Step[] = [];
  private _flushables: Flushable[] = [];

  constructor(options: ResolvedOptions, dsn: Dsn | undefined) {
    this.options = options;
    this._dsn = dsn;
    debug.redact([dsn?.publicKey, dsn?.secretKey]);
    this.scrubRules = createScrubRules({
      sendDefaultPii: options.sendDefaultPii,
      denyKeys: options.denyKeys,
      allowKeys: options.allowKeys,
      dsnKey: dsn?.publicKey,
    });
    this.serverName = options.serverName ?? safe('hostname', hostname, undefined);
    this._transport = this._createTransport();
    this._spotlight = options.spotlight ? this._createSpotlightTransport(options.spotlight) : undefined;
    this._enabled = options.enabled && (this._transport !== undefined || this._spotlight !== undefined);
    if (this._enabled && options.sendClientReports) {
      this._reportTimer = setInterval(() => this._sendClientReports(), CLIENT_REPORT_INTERVAL_MS);
      this._reportTimer.unref();
    }
  }

  getDsn(): Dsn | undefined {
    return this._dsn;
  }

  getTransport(): Transport | undefined {
    return this._transport;
  }

  isEnabled(): boolean {
    return this._enabled;
  }

  /** Names listed in `event.sdk.integrations`. */
  setIntegrationNames(names: string[]): void {
    this._integrations = names;
  }

  /** An integration's `processEvent`: runs before the scopes' processors; a throw keeps the event. */
  addIntegrationProcessor(name: string, processor: EventProcessor): void {
    this._integrationSteps.push({
      name: `integration ${name}`,
      // A shallow copy: a processor that throws half-way loses only its own top-level changes.
      // Object.assign, not a spread: processors add keys (see copyRecord in utils/is.ts).
      run: (event, hint) => processor(Object.assign({}, event), hint),
      onFailure: 'keep',
      outcome: 'event_processor',
    });
  }

  /** Something else that sends for this client (the OTLP span sink): flushed with it. */
  addFlushable(flushable: Flushable): void {
    this._flushables.push(flushable);
  }

  /** Whether events are being processed or queued for sending (for the exit flush). */
  hasPending(): boolean {
    return (
      this._pending.size > 0 ||
      (this._transport?.pending?.() ?? false) ||
      this._flushables.some((f) => safe('pending', () => f.pending(), false))
    );
  }

  captureException(exception: unknown, hint: EventHint = {}, scopes: Scopes = getScopes()): string {
    if (!this._enabled) return '';
    hint.originalException ??= exception;
    // Causes are linked by the LinkedErrors integration, which owns their limit.
    const event = eventFromUnknown(exception, hint, {
      attachStacktrace: this.options.attachStacktrace,
      linkedErrorsLimit: 0,
    });
    const id = this.captureEvent(event, hint, scopes);
    // Remembered at once, so other paths to the same error (span processor, Dedupe) see it.
    if (id && !wasCaptured(exception)) markCaptured(exception, id);
    return id;
  }

  captureMessage(
    message: unknown,
    level: SeverityLevel,
    hint: EventHint = {},
    scopes: Scopes = getScopes(),
  ): string {
    if (!this._enabled) return '';
    const event = eventFromMessage(message, level, hint, { attachStacktrace: this.options.attachStacktrace });
    return this.captureEvent(event, hint, scopes);
  }

  captureEvent(event: Event, hint: EventHint = {}, scopes: Scopes = getScopes()): string {
    if (!this._enabled) return '';
    const isTransaction = event.type === 'transaction';
    const category: DataCategory = isTransaction ? 'transaction' : 'error';
    if (!isTransaction && this.options.sampleRate < 1 && Math.random() >= this.options.sampleRate) {
      this.recordDroppedEvent('sample_rate', category);
      return '';
    }
    if (this._pending.size >= MAX_PENDING) {
      this.recordDroppedEvent('queue_overflow', category);
      return '';
    }
    // Scope data is read now: the scopes may change before processing runs.
    const current = hint.captureContext ? scopes.current.clone().update(hint.captureContext) : scopes.current;
    const data = mergeScopeData(
      [getState().globalScope.getScopeData(), scopes.isolation.getScopeData(), current.getScopeData()],
      this.options.maxBreadcrumbs,
    );
    const prepared = prepareEvent(event, hint, data, scopes, {
      options: this.options,
      publicKey: this._dsn?.publicKey,
      serverName: this.serverName,
      integrations: this._integrations,
    });
    const id = prepared.event_id ?? '';
    hint.event_id = id;
    if (!isTransaction) scopes.isolation.setLastEventId(id);

    const steps = this._steps(data.eventProcessors, category);
    // A dropped transaction is counted with its spans (the root and its children).
    const spans = isTransaction ? (prepared.spans?.length ?? 0) + 1 : 0;
    const result = runSteps(prepared, hint, steps);
    if (!isThenable(result)) {
      this._finish(result, category, spans);
      return id;
    }
    const done = result.then(
      (r) => this._finish(r, category, spans),
      (err: unknown) => debug.error('event processing failed:', err),
    );
    this._pending.add(done);
    void done.finally(() => this._pending.delete(done));
    return id;
  }

  recordDroppedEvent(reason: Outcome, category: DataCategory, quantity = 1): void {
    if (this.options.sendClientReports) this._reports.record(reason, category, quantity);
  }

  /**
   * Sends an envelope as is (integrations, span exporters). `payloadJson[i]`: item i's payload
   * already serialized, which the SDK's own transport sends instead of serializing it again.
   */
  sendEnvelope(envelope: Envelope, payloadJson?: ReadonlyArray<string | undefined>): void {
    if (!this._enabled) return;
    for (const transport of this._transports()) {
      safe(
        'transport.send',
        () => swallow('transport.send', transport.send(envelope, payloadJson)),
        undefined,
      );
    }
  }

  /** Waits for events in processing and in the transport; false if `timeoutMs` passed first. */
  async flush(timeoutMs?: number): Promise<boolean> {
    drainPendingCaptures();
    const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
    const processed = await withTimeout(
      Promise.all([...this._pending]).then(() => true),
      deadline,
    );
    this._sendClientReports();
    const remaining = deadline === undefined ? undefined : Math.max(0, deadline - Date.now());
    const flushes = [...this._transports(), ...this._flushables].map((t) =>
      safe('transport.flush', () => Promise.resolve(t.flush(remaining)), Promise.resolve(false)),
    );
    const sent = await withTimeout(
      Promise.all(flushes).then((results) => results.every(Boolean)),
      deadline,
    );
    // Losses recorded while the queue drained (send errors, timeouts) are reported now, not in a
    // minute: after a close there is no minute.
    const transport = this._transport;
    if (this._sendClientReports() && transport) {
      const left = deadline === undefined ? undefined : Math.max(0, deadline - Date.now());
      await withTimeout(
        safe('transport.flush', () => Promise.resolve(transport.flush(left)), Promise.resolve(false)),
        deadline,
      );
    }
    return processed && sent;
  }

  /** Flushes, then disables the client for good. */
  async close(timeoutMs?: number): Promise<boolean> {
    const flushed = await this.flush(timeoutMs);
    this._enabled = false;
    clearInterval(this._reportTimer);
    for (const transport of this._transports()) {
      if (transport.close) {
        const closing = safe(
          'transport.close',
          () => Promise.resolve(transport.close?.(0)),
          Promise.resolve(false),
        );
        await withTimeout(
          closing.then(() => true),
          Date.now() + 100,
        );
      }
    }
    return flushed;
  }

  /** The steps an event goes through, in order (see the README's "order an event goes through"). */
  private _steps(scopeProcessors: EventProcessor[], category: DataCategory): Step[] {
    const steps: Step[] = [];
    if (category === 'error' && this.options.ignoreErrors.length) {
      steps.push({
        name: 'ignoreErrors',
        run: (event) => (matchesIgnoreErrors(event, this.options.ignoreErrors) ? null : event),
        onFailure: 'keep',
        outcome: 'event_processor',
      });
    }
    if (category === 'transaction' && this.options.ignoreTransactions.length) {
      steps.push({
        name: 'ignoreTransactions',
        run: (event) => (matchesIgnoreTransactions(event, this.options.ignoreTransactions) ? null : event),
        onFailure: 'keep',
        outcome: 'event_processor',
      });
    }
    steps.push(...this._integrationSteps);
    for (const processor of scopeProcessors) {
      steps.push({ name: 'event processor', run: processor, onFailure: 'drop', outcome: 'event_processor' });
    }
    const beforeSend = this.options.beforeSend;
    if (beforeSend && category === 'error') {
      steps.push({ name: 'beforeSend', run: beforeSend, onFailure: 'drop', outcome: 'before_send' });
    }
    const beforeSendTransaction = this.options.beforeSendTransaction;
    if (beforeSendTransaction && category === 'transaction') {
      steps.push({
        name: 'beforeSendTransaction',
        run: beforeSendTransaction,
        onFailure: 'drop',
        outcome: 'before_send',
      });
    }
    return steps;
  }

  private _finish(result: StepResult, category: DataCategory, spans = 0): void {
    if ('drop' in result) {
      this.recordDroppedEvent(result.drop, category);
      if (spans > 0) this.recordDroppedEvent(result.drop, 'span', spans);
      return;
    }
    const dsc = result.sdkProcessingMetadata?.dynamicSamplingContext;
    // Scrubbed after beforeSend (what a processor adds is covered too) and after normalization
    // (the walk then sees plain, bounded data: no getters, cycles or proxies).
    // Serialized once here: the size check and the wire use the same text.
    const { event: final, json } = serializeEvent(
      scrubEvent(finalizeEvent(result, this.options), this.scrubRules),
    );
    this.sendEnvelope(
      [
        {
          event_id: final.event_id,
          sdk: { name: SDK_NAME, version: SDK_VERSION },
          ...(this._dsn || dsc ? { trace: envelopeTraceHeader(final, dsc, this._dsn?.publicKey) } : {}),
        },
        [[{ type: category === 'transaction' ? 'transaction' : 'event' }, final]],
      ],
      [json],
    );
  }

  /** Sends what was dropped since the last report; true when there was something to send. */
  private _sendClientReports(): boolean {
    const transport = this._transport; // only Sentry gets client reports, not Spotlight
    if (!transport || !this._enabled) return false;
    const report = this._reports.take();
    if (!report) return false;
    const envelope: Envelope = [{}, [[{ type: 'client_report' }, report]]];
    safe('transport.send', () => swallow('transport.send', transport.send(envelope)), undefined);
    return true;
  }

  private _transports(): Transport[] {
    const list: Transport[] = [];
    if (this._transport) list.push(this._transport);
    if (this._spotlight) list.push(this._spotlight);
    return list;
  }

  private _createSpotlightTransport(url: string): Transport | undefined {
    return safe(
      'spotlight transport',
      () =>
        createHttpTransport({
          dsn: this._dsn,
          url,
          headers: {
            'Content-Type': 'application/x-sentry-envelope',
            'User-Agent': `${SDK_NAME}/${SDK_VERSION}`,
          },
          // What a local viewer misses is not Sentry's loss: it is not reported.
          recordDroppedEvent: () => {},
          transportOptions: { queueSize: 1000 },
        }),
      undefined,
    );
  }

  private _createTransport(): Transport | undefined {
    const { options } = this;
    const dsn = this._dsn;
    if (!dsn && !options.transport) return undefined;
    const transportOptions = {
      dsn,
      url: dsn?.envelopeUrl ?? '',
      headers: {
        'Content-Type': 'application/x-sentry-envelope',
        'User-Agent': `${SDK_NAME}/${SDK_VERSION}`,
        ...(dsn ? { 'X-Sentry-Auth': dsn.authHeader } : {}),
      },
      recordDroppedEvent: (reason: Outcome, category: DataCategory, quantity?: number) =>
        this.recordDroppedEvent(reason, category, quantity),
      transportOptions: options.transportOptions,
    };
    const factory = options.transport ?? createHttpTransport;
    const result = callUser('transport factory', () => factory(transportOptions));
    if (!result.ok || !result.value || typeof result.value.send !== 'function') {
      debug.alwaysWarn('the transport factory did not return a transport; nothing will be sent');
      return undefined;
    }
    return result.value;
  }
}
