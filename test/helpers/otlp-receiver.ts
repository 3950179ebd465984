// A Sentry OTLP endpoint on 127.0.0.1: accepts OTLP/HTTP traces and logs, JSON or protobuf, at the
// DSN-derived paths (`/api/<project>/integration/otlp/v1/{traces,logs}/`), checks `X-Sentry-Auth`,
// and records anything else wrong in `problems`. Any other request (envelopes) is forwarded to
// `forwardTo` (the inbox receiver), so one DSN serves both. `respond` can answer with an error
// status or hang, per request.
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeLogs, decodeTraces } from './otlp-protobuf.js';
import { PUBLIC_KEY } from './receiver.js';

export interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: OtlpAttribute[];
  events: { name: string }[];
  service?: string;
}

export interface OtlpLog {
  body?: { stringValue?: string };
  severityText?: string;
  traceId?: string;
  spanId?: string;
  attributes: OtlpAttribute[];
}

export interface OtlpRequest {
  signal: 'traces' | 'logs';
  encoding: 'json' | 'protobuf';
  bytes: number;
  status: number;
}

export type OtlpResponse = { status: number; headers?: Record<string, string> } | 'hang' | undefined;

export interface OtlpReceiver {
  url: string;
  /** The DSN whose OTLP endpoints (and envelope endpoint, forwarded) are this server. */
  dsn: string;
  spans: OtlpSpan[];
  logs: OtlpLog[];
  requests: OtlpRequest[];
  problems: string[];
  /** Decides the answer to each OTLP request; undefined: 200. */
  respond: (req: OtlpRequest) => OtlpResponse;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface OtlpReceiverOptions {
  /** Path before `/api/<project>/` (a DSN with a path prefix). */
  prefix?: string;
  projectId?: string;
  forwardTo?: string;
}

const AUTH = new RegExp(
  `^Sentry sentry_version=7, sentry_client=otel-sentry[.a-z]*/[^,]+, sentry_key=${PUBLIC_KEY}$`,
);

export async function startOtlpReceiver(options: OtlpReceiverOptions = {}): Promise<OtlpReceiver> {
  const { prefix = '', projectId = '1', forwardTo } = options;
  const base = `${prefix}/api/${projectId}/integration/otlp/v1/`;
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of waiters) w();
  };

  const receiver: OtlpReceiver = {
    url: '',
    dsn: '',
    spans: [],
    logs: [],
    requests: [],
    problems: [],
    respond: () => undefined,
    waitFor: (predicate, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        if (predicate()) return resolve();
        const check = () => {
          if (!predicate()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `otlp receiver: condition not met in ${timeoutMs} ms (${receiver.requests.length} requests)`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const server = createServer((req, res) => {
    const url = req.url ?? '';
    if (!url.startsWith(base)) {
      if (forwardTo) return forward(req, res, forwardTo);
      receiver.problems.push(`unexpected ${req.method} ${url}`);
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const signal = url.slice(base.length);
      const type = String(req.headers['content-type']);
      const encoding = type.includes('protobuf') ? 'protobuf' : 'json';
      const body = Buffer.concat(chunks);
      const record: OtlpRequest = {
        signal: signal === 'logs/' ? 'logs' : 'traces',
        encoding,
        bytes: body.length,
        status: 200,
      };
      if (req.method !== 'POST' || (signal !== 'traces/' && signal !== 'logs/')) {
        receiver.problems.push(`unexpected ${req.method} ${url}`);
      }
      if (!AUTH.test(String(req.headers['x-sentry-auth']))) {
        receiver.problems.push(`bad X-Sentry-Auth: ${req.headers['x-sentry-auth']}`);
      }
      if (!/application\/(json|x-protobuf)/.test(type)) receiver.problems.push(`content-type ${type}`);
      const answer = receiver.respond(record);
      if (answer === 'hang') {
        receiver.requests.push({ ...record, status: 0 });
        notify();
        return;
      }
      if (answer && answer.status >= 300) {
        record.status = answer.status;
        receiver.requests.push(record);
        res.writeHead(answer.status, answer.headers).end();
        notify();
        return;
      }
      try {
        collect(receiver, record, body);
      } catch (err) {
        receiver.problems.push(`bad ${encoding} payload: ${String(err)}`);
      }
      receiver.requests.push(record);
      res.writeHead(200, {
        'content-type': encoding === 'json' ? 'application/json' : 'application/x-protobuf',
        ...(answer === undefined ? {} : answer.headers),
      });
      res.end(encoding === 'json' ? '{}' : '');
      notify();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  receiver.url = `http://127.0.0.1:${port}`;
  receiver.dsn = `http://${PUBLIC_KEY}@127.0.0.1:${port}${prefix}/${projectId}`;
  return receiver;
}

type Json = Record<string, unknown>;

function collect(receiver: OtlpReceiver, record: OtlpRequest, body: Buffer): void {
  const json = (
    record.encoding === 'json'
      ? JSON.parse(body.toString('utf8'))
      : record.signal === 'traces'
        ? decodeTraces(body)
        : decodeLogs(body)
  ) as Json;
  const [resourceKey, scopeKey, itemKey] =
    record.signal === 'traces'
      ? ['resourceSpans', 'scopeSpans', 'spans']
      : ['resourceLogs', 'scopeLogs', 'logRecords'];
  for (const r of (json[resourceKey] as Json[] | undefined) ?? []) {
    const attributes = ((r.resource as Json | undefined)?.attributes as OtlpAttribute[] | undefined) ?? [];
    const service = attributes.find((a) => a.key === 'service.name')?.value.stringValue;
    for (const s of (r[scopeKey] as Json[] | undefined) ?? []) {
      for (const item of (s[itemKey] as Json[] | undefined) ?? []) {
        const normalized = { attributes: [], events: [], ...item, service };
        if (record.signal === 'traces') receiver.spans.push(normalized as unknown as OtlpSpan);
        else receiver.logs.push(normalized as unknown as OtlpLog);
      }
    }
  }
}

function forward(req: IncomingMessage, res: import('node:http').ServerResponse, target: string): void {
  const upstream = httpRequest(
    `${target}${req.url}`,
    { method: req.method, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => res.writeHead(502).end());
  req.pipe(upstream);
}

/** An attribute's value as a plain JS value. */
export function attr(item: { attributes: OtlpAttribute[] }, key: string): unknown {
  const v = item.attributes.find((a) => a.key === key)?.value;
  if (!v) return undefined;
  return v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : (v.boolValue ?? v.doubleValue));
}
