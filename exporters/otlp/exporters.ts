// Ready-made exporters to Sentry's OTLP endpoints, for the app's own OpenTelemetry SDK:
//   new NodeSDK({ spanProcessors: [new BatchSpanProcessor(sentryOtlpTraceExporter({ dsn }))] })
// They can sit beside the app's own OTLP exporter to a collector (one app, two destinations).
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { parseDsn } from '../../src/protocol/dsn.js';
import { debug } from '../../src/utils/debug.js';
import { safeGet } from '../../src/utils/is.js';
import { safe } from '../../src/utils/safe.js';
import { otlpEndpointsOf, type SentryOtlpEndpoints } from './endpoints.js';
import {
  type ExporterSettings,
  type OtlpExporter,
  type OtlpProtocol,
  SentryOtlpExporter,
  type Signal,
} from './sentry-otlp-exporter.js';

export interface SentryOtlpExporterOptions {
  /** The project's DSN. Default: the SENTRY_DSN environment variable. */
  dsn?: string;
  /** Default `http/protobuf`; the other protocol is used when its package is the one installed. */
  protocol?: OtlpProtocol;
  /** Per export, retries included. Default 10 000 ms. */
  timeoutMillis?: number;
  /** Exports in flight at most; more fail at once (counted as dropped). Default 8. */
  concurrencyLimit?: number;
}

export const TRACES: Signal = {
  name: 'traces',
  category: 'span',
  noun: 'spans',
  className: 'OTLPTraceExporter',
  packages: {
    'http/protobuf': '@opentelemetry/exporter-trace-otlp-proto',
    'http/json': '@opentelemetry/exporter-trace-otlp-http',
  },
};

export const LOGS: Signal = {
  name: 'logs',
  category: 'log_item',
  noun: 'log records',
  className: 'OTLPLogExporter',
  packages: {
    'http/protobuf': '@opentelemetry/exporter-logs-otlp-proto',
    'http/json': '@opentelemetry/exporter-logs-otlp-http',
  },
};

/** A SpanExporter sending to the DSN's OTLP traces endpoint. Never throws. */
export function sentryOtlpTraceExporter(options?: SentryOtlpExporterOptions): SpanExporter {
  return safeCreate(TRACES, options) as unknown as SpanExporter;
}

/** A LogRecordExporter sending to the DSN's OTLP logs endpoint. Never throws. */
export function sentryOtlpLogExporter(options?: SentryOtlpExporterOptions): OtlpExporter {
  return safeCreate(LOGS, options);
}

function safeCreate(signal: Signal, options: SentryOtlpExporterOptions | undefined): SentryOtlpExporter {
  return safe(
    `the Sentry OTLP ${signal.name} exporter`,
    () => create(signal, options),
    new SentryOtlpExporter(signal, undefined),
  );
}

function create(signal: Signal, options: SentryOtlpExporterOptions | undefined): SentryOtlpExporter {
  const read = <K extends keyof SentryOtlpExporterOptions>(key: K) =>
    safeGet(options, key) as SentryOtlpExporterOptions[K] | undefined;
  const dsn = read('dsn') ?? process.env.SENTRY_DSN;
  const endpoints = endpointsFor(dsn, signal);
  const settings: ExporterSettings = {};
  const protocol = read('protocol');
  if (protocol === 'http/json' || protocol === 'http/protobuf') settings.protocol = protocol;
  else if (protocol !== undefined)
    debug.alwaysWarn(`OTLP protocol should be 'http/protobuf' or 'http/json'; using http/protobuf`);
  const timeout = read('timeoutMillis');
  if (typeof timeout === 'number' && timeout > 0) settings.timeoutMillis = timeout;
  const limit = read('concurrencyLimit');
  if (typeof limit === 'number' && limit >= 1) settings.concurrencyLimit = Math.floor(limit);
  return new SentryOtlpExporter(signal, endpoints?.[signal.name], settings);
}

function endpointsFor(dsn: unknown, signal: Signal): SentryOtlpEndpoints | undefined {
  if (dsn === undefined || dsn === '') {
    debug.alwaysWarn(
      `the Sentry OTLP ${signal.name} exporter has no DSN (option dsn or SENTRY_DSN): it sends nothing`,
    );
    return undefined;
  }
  const parsed = parseDsn(dsn);
  if (!parsed.ok) {
    debug.alwaysWarn(
      `the Sentry OTLP ${signal.name} exporter got an invalid DSN (${parsed.reason}): it sends nothing`,
    );
    return undefined;
  }
  return otlpEndpointsOf(parsed.dsn);
}
