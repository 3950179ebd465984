// A Sentry-like envelope receiver on 127.0.0.1 that can misbehave on demand, for transport tests
// and benchmarks. Gzip-aware; parses what it receives with the SDK's strict envelope parser.
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import { gunzipSync } from 'node:zlib';
import { parseEnvelope } from '../../src/protocol/envelope.js';
import type { Envelope } from '../../src/protocol/types.js';

export type FaultMode =
  | 'healthy'
  | 'never-answer'
  | 'slow'
  | 'status-500'
  | 'status-413'
  | 'status-429'
  | 'status-429-retry-after'
  | 'status-429-rate-limits'
  | 'malformed-rate-limits'
  | 'close-mid-body'
  | 'close-mid-response'
  | { status: number; headers?: Record<string, string>; delayMs?: number };

export interface ReceivedRequest {
  url: string;
  headers: http.IncomingHttpHeaders;
  /** The body as sent (possibly gzipped). */
  raw: Buffer;
  envelope: Envelope | undefined;
  parseError: string | undefined;
}

export interface FaultServer {
  url: string;
  port: number;
  /** A DSN pointing at this server, project 1. */
  dsn: string;
  mode: FaultMode;
  /** Requests whose body was read completely (not those cut off by `close-mid-body`). */
  received: ReceivedRequest[];
  /** Requests that reached the server, whatever happened next. */
  requestCount: number;
  /** Resolves once `requestCount` reaches `n`. */
  waitForRequests(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export const PUBLIC_KEY = '0123456789abcdef0123456789abcdef';
/** Fails DNS resolution: `.invalid` is reserved (RFC 2606). */
export const DNS_FAILURE_DSN = `http://${PUBLIC_KEY}@sentry.invalid/1`;
/** The slow mode's delay before answering. */
export const SLOW_MS = 300;

export interface FaultServerOptions {
  mode?: FaultMode;
  /** Serve https with this key pair. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Keep the received bodies (default true); false for load tests, counting only. */
  keep?: boolean;
}

export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const keep = options.keep ?? true;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    state.requestCount += 1;
    for (const w of waiters.filter((x) => state.requestCount >= x.n)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
    const mode = state.mode;
    if (mode === 'close-mid-body') {
      req.once('data', () => req.socket.destroy());
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (keep) state.received.push(decode(req, raw));
      else state.received.length += 1;
      respond(mode, res);
    });
  };
  const server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const scheme = options.tls ? 'https' : 'http';
  const state: FaultServer = {
    url: `${scheme}://127.0.0.1:${port}/api/1/envelope/`,
    port,
    dsn: `${scheme}://${PUBLIC_KEY}@127.0.0.1:${port}/1`,
    mode: options.mode ?? 'healthy',
    received: [],
    requestCount: 0,
    waitForRequests(n, timeoutMs = 10_000) {
      if (state.requestCount >= n) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${state.requestCount}/${n} requests arrived`)),
          timeoutMs,
        );
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return state;
}

function decode(req: http.IncomingMessage, raw: Buffer): ReceivedRequest {
  let body = raw;
  let parseError: string | undefined;
  let envelope: Envelope | undefined;
  try {
    if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(raw);
    const parsed = parseEnvelope(body);
    if (parsed.ok) envelope = parsed.envelope;
    else parseError = parsed.reason;
  } catch (err) {
    parseError = String(err);
  }
  return { url: req.url ?? '', headers: req.headers, raw, envelope, parseError };
}

function respond(mode: FaultMode, res: http.ServerResponse): void {
  const json = (status: number, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(status === 200 ? '{"id":"0"}' : '{"detail":"fault"}');
  };
  switch (mode) {
    case 'healthy':
      json(200);
      return;
    case 'never-answer':
      return;
    case 'slow':
      setTimeout(() => json(200), SLOW_MS);
      return;
    case 'status-500':
      json(500);
      return;
    case 'status-413':
      json(413);
      return;
    case 'status-429':
      json(429);
      return;
    case 'status-429-retry-after':
      json(429, { 'retry-after': '30' });
      return;
    case 'status-429-rate-limits':
      json(429, { 'x-sentry-rate-limits': '60:error:key, 2700:transaction:organization' });
      return;
    case 'malformed-rate-limits':
      json(200, { 'x-sentry-rate-limits': 'soon:error:, ::;;:, -5:transaction' });
      return;
    case 'close-mid-body':
      return;
    case 'close-mid-response':
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"id":');
      setImmediate(() => res.socket?.destroy());
      return;
    default: {
      const send = (): void => json(mode.status, mode.headers);
      if (mode.delayMs) setTimeout(send, mode.delayMs);
      else send();
    }
  }
}

/** A URL on 127.0.0.1 where nothing listens: connections are refused. */
export async function closedPortUrl(): Promise<{ url: string; dsn: string }> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return { url: `http://127.0.0.1:${port}/api/1/envelope/`, dsn: `http://${PUBLIC_KEY}@127.0.0.1:${port}/1` };
}
