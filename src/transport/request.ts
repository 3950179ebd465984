// One envelope POST: gzip for large bodies, a hard deadline, keep-alive sockets that never hold
// the process open, and OpenTelemetry tracing suppressed. Direct connections use the lean
// client (wire-client.ts); proxied ones node:http/https with the proxy's agent. Outcomes are
// returned as data; this module never rejects and never throws at its caller.
import type { ClientRequest } from 'node:http';
import * as tls from 'node:tls';
import { gzip } from 'node:zlib';
import { debug } from '../utils/debug.js';
import { suppressTracing } from '../utils/suppress-tracing.js';
import { createRoute, resolveProxy } from './proxy.js';
import { createWireClient, type WireClient, type WireResult } from './wire-client.js';

/** Bodies above this size are gzipped (Sentry's own threshold). */
export const GZIP_THRESHOLD = 32 * 1024;

export type SendResult =
  | { ok: true; statusCode: number; rateLimits: string | undefined; retryAfter: string | undefined }
  | { ok: false; error: Error };

export interface RequestExecutorOptions {
  url: string;
  headers: Record<string, string>;
  /** Whole-request deadline in ms (connect, upload, response). */
  timeoutMs: number;
  maxSockets: number;
  proxy?: string | undefined;
  caCerts?: string | Buffer | Array<string | Buffer> | undefined;
}

export interface RequestExecutor {
  send(body: Buffer): Promise<SendResult>;
  /** Aborts every request in flight (each resolves as a network error) and closes sockets. */
  destroy(): void;
}

export function createRequestExecutor(options: RequestExecutorOptions): RequestExecutor {
  const target = new URL(options.url);
  const proxy = resolveProxy(target, options.proxy);
  const ca = mergeCa(options.caCerts);
  if (!proxy && (target.protocol === 'http:' || target.protocol === 'https:')) {
    return wireExecutor(
      createWireClient({
        target,
        headers: validHeaders(options.headers),
        ca,
        maxSockets: options.maxSockets,
        idleTimeoutMs: 30_000,
        timeoutMs: options.timeoutMs,
      }),
    );
  }
  const route = createRoute(target, {
    proxy,
    ca,
    maxSockets: options.maxSockets,
    idleTimeoutMs: 30_000,
    connectTimeoutMs: options.timeoutMs,
  });
  const baseHeaders = { ...options.headers, ...route.headers };
  const inFlight = new Set<ClientRequest>();
  let destroyed = false;

  async function send(body: Buffer): Promise<SendResult> {
    if (destroyed) return { ok: false, error: new Error('transport closed') };
    const headers: Record<string, string | number> = { ...baseHeaders };
    let payload = body;
    if (body.length > GZIP_THRESHOLD) {
      payload = await gzipAsync(body); // zlib's thread pool: the event loop keeps running
      headers['Content-Encoding'] = 'gzip';
    }
    headers['Content-Length'] = payload.length;
    const first = await post(payload, headers);
    // A keep-alive socket the server closed just as we reused it fails with ECONNRESET before
    // any byte of response: the request never reached the server, so one retry is safe.
    if (!first.ok && first.reused && !destroyed) return (await post(payload, headers)).result;
    return first.result;
  }

  function post(
    payload: Buffer,
    headers: Record<string, string | number>,
  ): Promise<{ ok: boolean; reused: boolean; result: SendResult }> {
    return new Promise((resolve) => {
      suppressTracing(() => {
        let req: ClientRequest;
        try {
          req = route.request({
            method: 'POST',
            host: route.host,
            port: route.port,
            path: route.path,
            headers,
            agent: route.agent,
          });
        } catch (error) {
          resolve({ ok: false, reused: false, result: { ok: false, error: asError(error) } });
          return;
        }
        inFlight.add(req);
        let response: SendResult | undefined;
        let settled = false;
        const finish = (result: SendResult): void => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          inFlight.delete(req);
          const reused = !result.ok && !response && req.reusedSocket && isReset(result.error);
          resolve({ ok: result.ok, reused, result });
        };
        const deadline = setTimeout(() => {
          req.destroy(new Error(`request timed out after ${options.timeoutMs} ms`));
        }, options.timeoutMs);
        deadline.unref();
        // Our sockets must never keep the host process alive; exit flushes keep it alive instead.
        req.on('socket', (socket) => socket.unref());
        req.on('error', (error) => finish(response ?? { ok: false, error }));
        req.on('response', (res) => {
          response = {
            ok: true,
            statusCode: res.statusCode ?? 0,
            rateLimits: firstHeader(res.headers['x-sentry-rate-limits']),
            retryAfter: firstHeader(res.headers['retry-after']),
          };
          const done = (): void => finish(response as SendResult);
          // The status is the outcome; the body is drained only so the socket can be reused.
          res.on('error', done);
          res.on('end', done);
          res.on('close', done);
          res.resume();
        });
        req.end(payload);
      });
    });
  }

  return {
    send: (body) => send(body).catch((error: unknown) => ({ ok: false as const, error: asError(error) })),
    destroy(): void {
      destroyed = true;
      for (const req of inFlight) req.destroy(new Error('transport closed'));
      route.agent.destroy();
    },
  };
}

function wireExecutor(client: WireClient): RequestExecutor {
  let destroyed = false;
  const failed = (error: unknown): SendResult => ({ ok: false, error: asError(error) });
  const toResult = (result: WireResult): SendResult => {
    if (!result.ok) return { ok: false, error: result.error };
    const { statusCode, headers } = result.response;
    return {
      ok: true,
      statusCode,
      rateLimits: headers.get('x-sentry-rate-limits'),
      retryAfter: headers.get('retry-after'),
    };
  };
  // Promise chains, not async functions: under OpenTelemetry's context manager every promise
  // (and every await's hidden one) runs an async-hook init, on each event's way out.
  const post = (payload: Buffer, extra: string): Promise<SendResult> =>
    client.post(payload, extra).then(
      (result) =>
        // A keep-alive socket the server closed just as we reused it: one retry is safe (see below).
        !result.ok && result.retryable && !destroyed
          ? client.post(payload, extra).then(toResult, failed)
          : toResult(result),
      failed,
    );
  const send = (body: Buffer): Promise<SendResult> => {
    try {
      if (destroyed) return Promise.resolve({ ok: false, error: new Error('transport closed') });
      if (body.length <= GZIP_THRESHOLD) return post(body, '');
      return gzipAsync(body).then((payload) => post(payload, 'Content-Encoding: gzip\r\n'), failed);
    } catch (error) {
      return Promise.resolve(failed(error));
    }
  };
  return {
    // The lean client makes no spans (it is not node:http); suppressing costs nothing here.
    send: (body) => suppressTracing(() => send(body)),
    destroy(): void {
      destroyed = true;
      client.destroy();
    },
  };
}

// Header names are tokens and values carry no line breaks: anything else could split the request.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function validHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const text = String(value);
    const lower = name.toLowerCase();
    if (lower === 'host' || lower === 'content-length' || lower === 'connection') continue; // ours to set
    if (TOKEN.test(name) && !/[\r\n\0]/.test(text)) out[name] = text;
    else
      debug.warn(
        `transport: header "${name.replace(/[^\x20-\x7e]/g, '?')}" is not valid HTTP and is not sent`,
      );
  }
  return out;
}

function mergeCa(caCerts: RequestExecutorOptions['caCerts']): Array<string | Buffer> | undefined {
  if (caCerts === undefined) return undefined;
  const extra = Array.isArray(caCerts) ? caCerts : [caCerts];
  // Node's `ca` replaces the default roots; the option adds to them.
  return extra.length === 0 ? undefined : [...tls.rootCertificates, ...extra];
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function isReset(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ECONNRESET' || code === 'EPIPE';
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function gzipAsync(body: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    gzip(body, (err, out) => (err ? reject(err) : resolve(out)));
  });
}
