// What an incoming request contributes to its events: `event.request` (scrubbed unless
// sendDefaultPii), the transaction name, and with PII the user's IP address.
import type { IncomingMessage } from 'node:http';
import type { RequestData } from '../../src/protocol/types.js';
import { type RawHeaders, scrubHeaders, scrubQueryString } from '../shared/scrub.js';
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

export function requestInfo(req: IncomingRequestLike, pii: boolean): IncomingRequestInfo {
  const method = (req.method || 'GET').toUpperCase();
  const hostHeader = req.headers.host;
  const host =
    typeof hostHeader === 'string' && hostHeader
      ? hostHeader
      : `${req.localAddress ?? 'localhost'}:${req.localPort ?? ''}`;
  const origin = `${req.encrypted ? 'https' : 'http'}://${host}`;
  const { url, query } = splitUrl(joinUrl(origin, req.url || '/'));
  const request: RequestData = { method, url, headers: scrubHeaders(req.headers, pii) };
  if (query) request.query_string = scrubQueryString(query.slice(1), pii);
  const path = splitUrl(req.url || '/').url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '') || '/';
  return { request, method, path };
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
