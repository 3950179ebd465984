// The inbox's HTTP side: Sentry's envelope endpoint and Spotlight's /stream take envelopes; the
// page, its JSON API and a Server-Sent Events feed show them. Ingest is as strict as Relay (the
// point is to catch what Sentry would reject): each rejection is answered `{"detail"}` and reported.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { parseDsn } from '../protocol/dsn.js';
import { parseEnvelope } from '../protocol/envelope.js';
import type { Envelope, Event } from '../protocol/types.js';
import { obj, str } from './event-fields.js';
import { checkItem } from './item-checks.js';
import { logItemProblem } from './log-items.js';
import { PAGE_CSP, PAGE_HTML } from './page.js';
import { type InboxStore, type Received, summariesOf } from './store.js';

export interface InboxServerOptions {
  store: InboxStore;
  /** Host names the page and API answer to, against DNS rebinding; undefined: any. */
  allowedHosts?: ReadonlySet<string>;
  /** What `GET /api/info` tells the page. */
  info: () => { dsn: string; version: string };
  onAccepted(entry: Received): void;
  onProblem(problem: string): void;
}

export interface InboxServer {
  server: Server;
  close(): Promise<void>;
}

const ENVELOPE_PATH = /^\/api\/\d+\/envelope\/?$/;
/** Sentry's OTLP endpoints: acknowledged (auth checked) so OTLP exporters pointed here stay quiet. */
const OTLP_PATH = /^\/api\/\d+\/integration\/otlp\/v1\/(traces|logs)\/?$/;
const EVENT_PAGE = /^\/events\/[^/]+$/;
const EVENT_API = /^\/api\/events\/([^/]+)$/;
const EVENT_ID = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const MAX_BODY = 50 * 1024 * 1024;
const MAX_DECODED = 100 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type, content-encoding, x-sentry-auth, sentry-trace, baggage',
};

export function createInboxServer(options: InboxServerOptions): InboxServer {
  const { store } = options;
  const feeds = new Set<ServerResponse>();
  const broadcast = (type: string, data: unknown) => {
    const chunk = `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const feed of feeds) feed.write(chunk);
  };
  // Proxies and browsers may drop a silent stream; a comment line keeps it open.
  const heartbeat = setInterval(() => {
    for (const feed of feeds) feed.write(': ping\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const ingest = (req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer | undefined) => {
    const reject = (status: number, reason: string) => {
      const problem = `${req.method} ${url.pathname}: ${status} ${reason}`;
      store.addProblem(problem);
      options.onProblem(problem);
      broadcast('problem', problem);
      send(res, status, { detail: reason }, CORS);
    };
    if (OTLP_PATH.test(url.pathname)) {
      const authProblem = checkAuth(req, url, [{}, []]);
      if (authProblem) return reject(401, authProblem);
      // An empty ExportServiceResponse, in the request's encoding.
      const protobuf = String(req.headers['content-type']).includes('protobuf');
      res.writeHead(200, {
        'content-type': protobuf ? 'application/x-protobuf' : 'application/json',
        ...CORS,
      });
      res.end(protobuf ? '' : '{}');
      return;
    }
    const isSentry = ENVELOPE_PATH.test(url.pathname);
    if (!isSentry && url.pathname !== '/stream') {
      return reject(404, 'not an envelope endpoint (POST to /api/<project id>/envelope/ or /stream)');
    }
    if (!body) return reject(413, `body larger than ${MAX_BODY} bytes`);
    const decoded = decode(body, req.headers['content-encoding']);
    if (typeof decoded === 'string') return reject(400, decoded);
    const parsed = parseEnvelope(decoded);
    if (!parsed.ok) return reject(400, `malformed envelope: ${parsed.reason}`);
    // Spotlight's /stream takes envelopes without auth, as Spotlight's sidecar does.
    const authProblem = isSentry ? checkAuth(req, url, parsed.envelope) : undefined;
    if (authProblem) return reject(401, authProblem);
    const invalid = validate(parsed.envelope);
    if (invalid) return reject(400, invalid);
    const id = assignEventIds(parsed.envelope);
    const entry = store.add(parsed.envelope, url.pathname);
    send(res, 200, id ? { id } : {}, CORS);
    options.onAccepted(entry);
    for (const summary of summariesOf(entry)) broadcast('event', summary);
  };

  const read = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (options.allowedHosts && !options.allowedHosts.has(hostName(req.headers.host))) {
      return send(res, 403, { detail: `unexpected Host header ${String(req.headers.host)}` });
    }
    const path = url.pathname;
    const eventId = EVENT_API.exec(path)?.[1];
    if (path === '/' || path === '/index.html' || (EVENT_PAGE.test(path) && path !== '/events/stream')) {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': PAGE_CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
      res.end(PAGE_HTML);
    } else if (path === '/events/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write('retry: 1000\n\n');
      feeds.add(res);
      res.on('close', () => feeds.delete(res));
    } else if (path === '/api/events') {
      send(res, 200, store.summaries());
    } else if (eventId !== undefined) {
      const event = store.find(safeDecode(eventId));
      if (event) send(res, 200, event);
      else send(res, 404, { detail: 'no such event (the inbox keeps the last envelopes only)' });
    } else if (path === '/api/problems') {
      send(res, 200, store.problems);
    } else if (path === '/api/info') {
      send(res, 200, options.info());
    } else if (path === '/favicon.ico') {
      res.writeHead(204).end();
    } else {
      send(res, 404, { detail: `no such page: ${path}` });
    }
  };

  const server = createServer((req, res) => {
    req.on('error', () => undefined); // a client going away mid-request is not the inbox's error
    const url = URL.canParse(req.url ?? '/', 'http://inbox.invalid')
      ? new URL(req.url ?? '/', 'http://inbox.invalid')
      : new URL('http://inbox.invalid/invalid-url');
    if (req.method === 'POST') readBody(req, (body) => ingest(req, res, url, body));
    else if (req.method === 'OPTIONS') res.writeHead(204, CORS).end();
    else if (req.method === 'GET' || req.method === 'HEAD') read(req, res, url);
    else send(res, 405, { detail: `method ${req.method} not allowed` });
  });
  // The inbox may run inside an app this SDK traces (the demo does). OpenTelemetry's http
  // instrumentation wraps `http.Server.prototype.emit`; were the inbox's requests traced, each
  // would become a transaction, sent to the inbox, traced again, and so on. An own `emit` skips it.
  Object.defineProperty(server, 'emit', {
    value: EventEmitter.prototype.emit,
    writable: true,
    configurable: true,
  });
  server.keepAliveTimeout = 2000;

  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        for (const feed of feeds) feed.end();
        feeds.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** Calls back with the body, or with undefined past MAX_BODY (read to the end all the same). */
function readBody(req: IncomingMessage, done: (body: Buffer | undefined) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_BODY) chunks.push(chunk);
  });
  req.on('end', () => done(size <= MAX_BODY ? Buffer.concat(chunks) : undefined));
}

/** The decoded body, or why it cannot be decoded. Encodings are undone last-applied first. */
function decode(body: Buffer, header: string | undefined): Buffer | string {
  const encodings = (header ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '' && e !== 'identity');
  let data = body;
  for (const encoding of encodings.reverse()) {
    const limit = { maxOutputLength: MAX_DECODED };
    try {
      if (encoding === 'gzip' || encoding === 'x-gzip') data = gunzipSync(data, limit);
      else if (encoding === 'br') data = brotliDecompressSync(data, limit);
      else if (encoding === 'deflate') data = inflateDeflate(data, limit);
      else return `unsupported content-encoding "${encoding}"`;
    } catch (err) {
      return `body is not valid ${encoding}: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  return data;
}

/** HTTP's deflate is zlib-wrapped, but some clients send raw deflate; Relay takes both. */
function inflateDeflate(data: Buffer, limit: { maxOutputLength: number }): Buffer {
  try {
    return inflateSync(data, limit);
  } catch {
    return inflateRawSync(data, limit);
  }
}

/**
 * Relay's auth sources: the X-Sentry-Auth (or `Authorization: Sentry …`) header, the query
 * string (browsers), or the envelope header's `dsn` (tunnels). Any key is accepted.
 */
function checkAuth(req: IncomingMessage, url: URL, envelope: Envelope): string | undefined {
  const header = req.headers['x-sentry-auth'] ?? req.headers.authorization;
  const fields: Record<string, string> = Object.fromEntries(url.searchParams);
  if (typeof header === 'string' && /^sentry\s/i.test(header)) {
    for (const part of header.replace(/^sentry\s+/i, '').split(',')) {
      const [key, ...value] = part.trim().split('=');
      if (key) fields[key] = value.join('=');
    }
  }
  if (fields.sentry_key) {
    return fields.sentry_version === '7'
      ? undefined
      : `sentry_version must be 7, got ${fields.sentry_version ?? 'none'}`;
  }
  const dsn = str(envelope[0].dsn);
  if (dsn && parseDsn(dsn).ok) return undefined;
  return 'missing authorization: send an X-Sentry-Auth header (Sentry sentry_version=7, sentry_key=<key>) or a sentry_key query parameter';
}

/** What Relay rejects beyond the framing parseEnvelope checks. */
function validate(envelope: Envelope): string | undefined {
  const id = envelope[0].event_id;
  if (id !== undefined && (typeof id !== 'string' || !EVENT_ID.test(id))) {
    return `invalid event_id in the envelope header: ${JSON.stringify(id)}`;
  }
  for (const [headers, payload] of envelope[1]) {
    if (headers.type === 'log') {
      const problem = logItemProblem(headers, payload);
      if (problem) return problem;
      continue;
    }
    const itemProblem = checkItem(headers, payload);
    if (itemProblem) return itemProblem;
    if (headers.type !== 'event' && headers.type !== 'transaction') continue;
    if (!obj(payload)) return `the ${headers.type} item is not a JSON object`;
    const own = (payload as Event).event_id;
    if (own !== undefined && (typeof own !== 'string' || !EVENT_ID.test(own))) {
      return `invalid event_id in the ${headers.type} item: ${JSON.stringify(own)}`;
    }
  }
  return undefined;
}

/** Gives id-less events the header's id or a new one, as Relay does; returns the envelope's id. */
function assignEventIds(envelope: Envelope): string | undefined {
  let first = envelope[0].event_id;
  for (const [headers, payload] of envelope[1]) {
    if (headers.type !== 'event' && headers.type !== 'transaction') continue;
    const event = payload as Event;
    event.event_id ??= envelope[0].event_id ?? randomUUID().replace(/-/g, '');
    first ??= event.event_id;
  }
  return first;
}

function hostName(host: string | undefined): string {
  return (host ?? '').toLowerCase().replace(/:\d+$/, '');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
