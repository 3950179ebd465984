// What an incoming request contributes to its events: `event.request` (scrubbed unless
// sendDefaultPii), the transaction name, and with PII the user's IP address.
import type { IncomingMessage } from 'node:http';
import type { RequestData } from '../../src/protocol/types.js';
import { type Privacy, type RawHeaders, scrubHeaders, scrubQueryString } from '../shared/scrub.js';
import { joinUrl, splitUrl } from '../shared/url.js';

/** The parts of an IncomingMessage we read, so the mapping is testable without a socket. */
export interface IncomingRequestLike {
  method?: string | undefined;
  url?: string | undefined;
  headers: RawHeaders;
  encrypted: boolean;
  localAddress?: string | undefined;
  localPort?: number | undefined;
}

export interface IncomingRequestInfo {
  request: RequestData;
  method: string;
  /** The path without query, for the transaction name. */
  path: string;
}

/** All of it at once; the isolation builds `request` only for a request that has an event. */
export function requestInfo(req: IncomingRequestLike, privacy: Privacy): IncomingRequestInfo {
  return {
    request: requestData(req, privacy),
    method: requestMethod(req.method),
    path: requestPath(req.url),
  };
}

export function requestMethod(method: string | undefined): string {
  return (method || 'GET').toUpperCase();
}

/**
 * The path without query and fragment, for the transaction name; an absolute-form URL (proxies)
 * loses its origin. Cheap: every request needs it, while `requestData` waits for an event.
 */
export function requestPath(url: string | undefined): string {
  const raw = url || '/';
  let end = raw.indexOf('?');
  const hash = raw.indexOf('#');
  if (hash !== -1 && (end === -1 || hash < end)) end = hash;
  const path = end === -1 ? raw : raw.slice(0, end);
  if (path.charCodeAt(0) === 47 /* '/' */) return path;
  return path.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '') || '/';
}

/**
 * `event.request`: full URL without the query, the query and headers scrubbed by the rules
 * (`true`: PII on, nothing scrubbed but `denyKeys`).
 */
export function requestData(req: IncomingRequestLike, privacy: Privacy): RequestData {
  const method = requestMethod(req.method);
  const hostHeader = req.headers.host;
  const host =
    typeof hostHeader === 'string' && hostHeader
      ? hostHeader
      : `${req.localAddress ?? 'localhost'}:${req.localPort ?? ''}`;
  const origin = `${req.encrypted ? 'https' : 'http'}://${host}`;
  const { url, query } = splitUrl(joinUrl(origin, req.url || '/'));
  const request: RequestData = { method, url, headers: scrubHeaders(req.headers, privacy) };
  if (query) request.query_string = scrubQueryString(query.slice(1), privacy);
  return request;
}

export function fromIncomingMessage(req: IncomingMessage): IncomingRequestLike {
  const socket = req.socket as (IncomingMessage['socket'] & { encrypted?: boolean }) | null;
  return {
    method: req.method,
    url: req.url,
    headers: req.headers,
    encrypted: socket?.encrypted === true,
    localAddress: socket?.localAddress,
    localPort: socket?.localPort,
  };
}
