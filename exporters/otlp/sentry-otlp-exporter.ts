// An official OTLP/HTTP exporter (protobuf or JSON, an optional peer loaded lazily) pointed at a
// Sentry project's OTLP endpoint, wrapped so that it behaves like otel-sentry's transport:
// - its requests run with tracing suppressed: no span, no breadcrumb from the SDK's own traffic;
// - while the endpoint is rate limited (429, `Retry-After`, `X-Sentry-Rate-Limits`), batches are
//   dropped without a request;
// - a failed export (dead endpoint, 4xx, timeout) is a `debug` line and a client-report count,
//   never a throw; memory stays bounded by the exporter's timeout and concurrency limit.
// Only the exporters' public surface is used (constructor options, export, shutdown, forceFlush),
// the same on the 0.2xx and 0.30x lines.
import { getClient } from '../../src/api.js';
import type { DataCategory, Outcome } from '../../src/protocol/types.js';
import { isRateLimited } from '../../src/transport/rate-limits.js';
import { debug } from '../../src/utils/debug.js';
import { load, ownRequire } from '../../src/utils/optional-require.js';
import { suppressTracing } from '../../src/utils/suppress-tracing.js';
import type { OtlpEndpoint } from './endpoints.js';
import { watchEndpoint } from './rate-limit-watch.js';

export type OtlpProtocol = 'http/protobuf' | 'http/json';

/** ExportResultCode of @opentelemetry/core (SUCCESS 0, FAILED 1), stable on both lines. */
export const SUCCESS = 0;
export const FAILED = 1;

export interface ExportResult {
  code: number;
  error?: Error;
}

/** The exporter contract shared by SpanExporter and LogRecordExporter. */
export interface OtlpExporter<T = unknown> {
  export(items: T[], resultCallback: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
  forceFlush(): Promise<void>;
}

export interface Signal {
  name: 'traces' | 'logs';
  /** Items counted in client reports. */
  category: DataCategory;
  noun: string;
  packages: Record<OtlpProtocol, string>;
  className: string;
}

export interface ExporterSettings {
  protocol?: OtlpProtocol;
  timeoutMillis?: number;
  concurrencyLimit?: number;
}

type ExporterClass = new (config: object) => OtlpExporter;

/** The official exporter for `protocol`, or the other protocol's when that one is missing. */
function loadExporterClass(signal: Signal, protocol: OtlpProtocol): ExporterClass | undefined {
  const require = ownRequire();
  const order: OtlpProtocol[] =
    protocol === 'http/json' ? ['http/json', 'http/protobuf'] : ['http/protobuf', 'http/json'];
  for (const p of order) {
    const mod = load<Record<string, unknown>>(require, signal.packages[p]);
    const cls = mod?.[signal.className];
    if (typeof cls === 'function') {
      if (p !== protocol)
        debug.warn(`${signal.packages[protocol]} is not installed; sending ${signal.name} as ${p}`);
      return cls as ExporterClass;
    }
  }
  debug.alwaysWarn(
    `cannot send ${signal.name} by OTLP: install ${signal.packages['http/protobuf']} or ${signal.packages['http/json']}`,
  );
  return undefined;
}

export class SentryOtlpExporter<T = unknown> implements OtlpExporter<T> {
  private readonly _inner: OtlpExporter | undefined;
  private readonly _watched: ReturnType<typeof watchEndpoint> | undefined;
  private _shutdown = false;

  constructor(
    private readonly _signal: Signal,
    private readonly _endpoint: OtlpEndpoint | undefined,
    settings: ExporterSettings = {},
  ) {
    if (!_endpoint) return;
    const Exporter = loadExporterClass(_signal, settings.protocol ?? 'http/protobuf');
    if (!Exporter) return;
    try {
      this._inner = new Exporter({
        url: _endpoint.url,
        headers: _endpoint.headers,
        timeoutMillis: settings.timeoutMillis ?? 10_000,
        concurrencyLimit: settings.concurrencyLimit ?? 8,
      });
      this._watched = watchEndpoint(_endpoint.url);
    } catch (err) {
      debug.alwaysWarn(`could not create the OTLP ${_signal.name} exporter:`, err);
    }
  }

  /** The endpoint URL, or undefined when this exporter drops everything (bad DSN, no package). */
  get url(): string | undefined {
    return this._inner ? this._endpoint?.url : undefined;
  }

  export(items: T[], resultCallback: (result: ExportResult) => void): void {
    let called = false;
    const done = (result: ExportResult) => {
      if (called) return;
      called = true;
      try {
        resultCallback(result);
      } catch (err) {
        debug.error('the OTLP export callback threw:', err);
      }
    };
    try {
      const count = Array.isArray(items) ? items.length : 0;
      if (!this._inner || this._shutdown || count === 0) {
        done({ code: count === 0 && this._inner ? SUCCESS : FAILED });
        return;
      }
      if (this._watched && isRateLimited(this._watched.limits, this._signal.category)) {
        this._dropped('ratelimit_backoff', count, 'the endpoint is rate limited');
        done({ code: FAILED, error: new Error('rate limited') });
        return;
      }
      suppressTracing(() =>
        this._inner?.export(items, (result) => {
          if (result?.code !== SUCCESS) this._failed(result?.error, count);
          done(result ?? { code: FAILED });
        }),
      );
    } catch (err) {
      debug.error(`OTLP ${this._signal.name} export failed:`, err);
      done({ code: FAILED, error: err instanceof Error ? err : new Error(String(err)) });
    }
  }

  shutdown(): Promise<void> {
    this._shutdown = true;
    return this._call('shutdown');
  }

  forceFlush(): Promise<void> {
    return this._call('forceFlush');
  }

  private _call(method: 'shutdown' | 'forceFlush'): Promise<void> {
    try {
      return Promise.resolve(this._inner?.[method]()).then(
        () => undefined,
        (err: unknown) => debug.warn(`OTLP ${this._signal.name} exporter ${method} failed:`, err),
      );
    } catch (err) {
      debug.warn(`OTLP ${this._signal.name} exporter ${method} failed:`, err);
      return Promise.resolve();
    }
  }

  private _failed(error: Error | undefined, count: number): void {
    const status = this._watched?.lastStatus;
    const message = error?.message ?? 'unknown error';
    let reason: Outcome = 'network_error';
    if (this._watched && isRateLimited(this._watched.limits, this._signal.category))
      reason = 'ratelimit_backoff';
    else if (/concurrent export limit/i.test(message)) reason = 'queue_overflow';
    else if (typeof (error as { code?: unknown } | undefined)?.code === 'number') reason = 'send_error';
    const answered = status === undefined ? '' : ` (last HTTP status ${status})`;
    this._dropped(reason, count, `${message}${answered}`);
  }

  private _dropped(reason: Outcome, count: number, why: string): void {
    debug.warn(`OTLP ${this._signal.name}: ${count} ${this._signal.noun} dropped (${reason}): ${why}`);
    getClient()?.recordDroppedEvent(reason, this._signal.category, count);
  }
}
