// Sentry's OTLP endpoints of a project, derived from its DSN:
//   <scheme>://<host>[:port][/path]/api/<project>/integration/otlp/v1/{traces,logs}/
// authenticated by the same `X-Sentry-Auth` header as envelopes.
import { type Dsn, parseDsn } from '../../src/protocol/dsn.js';
import { debug } from '../../src/utils/debug.js';

export interface OtlpEndpoint {
  url: string;
  headers: Record<string, string>;
}

/** Spread into an OTLP exporter's options: `new OTLPTraceExporter(endpoints.traces)`. */
export interface SentryOtlpEndpoints {
  traces: OtlpEndpoint;
  logs: OtlpEndpoint;
}

/** The endpoints of a parsed DSN. */
export function otlpEndpointsOf(dsn: Dsn): SentryOtlpEndpoints {
  // envelopeUrl is `<base>/api/<project>/envelope/`: the OTLP paths share its prefix.
  const api = dsn.envelopeUrl.slice(0, -'envelope/'.length);
  const headers = { 'X-Sentry-Auth': dsn.authHeader };
  return {
    traces: { url: `${api}integration/otlp/v1/traces/`, headers: { ...headers } },
    logs: { url: `${api}integration/otlp/v1/logs/`, headers: { ...headers } },
  };
}

/**
 * The OTLP traces and logs endpoints (URL and headers) of a DSN. Never throws: an invalid DSN
 * gives undefined and a warning saying what is wrong.
 */
export function sentryOtlpEndpoints(dsn: unknown): SentryOtlpEndpoints | undefined {
  const parsed = parseDsn(dsn);
  if (!parsed.ok) {
    debug.alwaysWarn(`sentryOtlpEndpoints: invalid DSN (${parsed.reason})`);
    return undefined;
  }
  return otlpEndpointsOf(parsed.dsn);
}
