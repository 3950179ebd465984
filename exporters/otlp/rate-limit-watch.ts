// Rate limits of Sentry's OTLP endpoints, learned from their responses as for envelopes
// (`X-Sentry-Rate-Limits`, `Retry-After` on a 429). The official exporters keep the response
// headers to themselves, so the responses are observed on Node's `http.client.response.finish`
// diagnostics channel (public since Node 18.13), matched to an endpoint by Host header and path.
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { type RateLimits, updateRateLimits } from '../../src/transport/rate-limits.js';

interface Watched {
  limits: RateLimits;
  /** The last HTTP status the endpoint answered, for debug lines. */
  lastStatus?: number;
}

const watched = new Map<string, Watched>();
let subscribed = false;

/** The live rate-limit state of an endpoint URL (one per URL, shared by its exporters). */
export function watchEndpoint(url: string): Watched {
  const key = keyOfUrl(url);
  let entry = watched.get(key);
  if (!entry) {
    entry = { limits: new Map() };
    watched.set(key, entry);
  }
  if (!subscribed) {
    subscribed = true;
    subscribe('http.client.response.finish', onResponse);
  }
  return entry;
}

function keyOfUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return url;
  }
}

function onResponse(message: unknown): void {
  try {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    const entry = watched.get(`${String(request.getHeader('host'))}${request.path}`);
    if (!entry || response.statusCode === undefined) return;
    entry.lastStatus = response.statusCode;
    const header = (name: string) => {
      const value = response.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    };
    updateRateLimits(entry.limits, {
      statusCode: response.statusCode,
      rateLimits: header('x-sentry-rate-limits'),
      retryAfter: header('retry-after'),
    });
  } catch {
    // Observing must never break the app's own requests.
  }
}
