// A Sentry-compatible receiver on 127.0.0.1 for integration tests: it accepts envelopes at
// /api/<project>/envelope/, checks auth, gunzips, parses them as strictly as Relay and validates
// every error event against Sentry's schema. Anything it rejects is kept in `problems`.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { parseEnvelope } from '../../src/protocol/envelope.js';
import type { ClientReport, Envelope, Event } from '../../src/protocol/types.js';
import { schemaErrors } from './schema.js';

export const PUBLIC_KEY = '0123456789abcdef0123456789abcdef';

export interface ReceivedRequest {
  url: string;
  headers: IncomingMessage['headers'];
  envelope: Envelope;
}

export interface Receiver {
  url: string;
  dsn: string;
  requests: ReceivedRequest[];
  problems: string[];
  events(): Event[];
  transactions(): Event[];
  clientReports(): ClientReport[];
  waitForEvents(count: number, timeoutMs?: number): Promise<Event[]>;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  /** Overrides the response for the next requests (status and headers). */
  respondWith(status: number, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const problems: string[] = [];
  const waiters = new Set<() => void>();
  let response = { status: 200, headers: {} as Record<string, string> };

  const items = (type: string) =>
    requests.flatMap((r) => r.envelope[1].filter(([h]) => h.type === type).map(([, payload]) => payload));

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const reject = (status: number, why: string) => {
      problems.push(why);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: why }));
    };
    if (req.method !== 'POST' || !/^\/api\/\d+\/envelope\/$/.test(req.url ?? '')) {
      return reject(404, `unexpected ${req.method} ${req.url}`);
    }
    const auth = req.headers['x-sentry-auth'];
    if (
      typeof auth !== 'string' ||
      !auth.includes(`sentry_key=${PUBLIC_KEY}`) ||
      !auth.includes('sentry_version=7')
    ) {
      return reject(401, `bad X-Sentry-Auth: ${String(auth)}`);
    }
    let data = body;
    if (req.headers['content-encoding'] === 'gzip') data = gunzipSync(body);
    const parsed = parseEnvelope(data);
    if (!parsed.ok) return reject(400, `malformed envelope: ${parsed.reason}`);
    const [headers, envItems] = parsed.envelope;
    for (const [itemHeaders, payload] of envItems) {
      if (itemHeaders.type === 'event') {
        const errors = schemaErrors(payload);
        if (errors) problems.push(`schema: ${errors}`);
        if ((payload as Event).event_id !== headers.event_id)
          problems.push('event_id differs from the header');
      }
    }
    if (envItems.some(([h]) => h.type === 'event' || h.type === 'transaction')) {
      if (!headers.sent_at || !headers.sdk?.name || !headers.event_id)
        problems.push('envelope header incomplete');
    }
    requests.push({ url: req.url ?? '', headers: req.headers, envelope: parsed.envelope });
    res.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
    res.end(JSON.stringify({ id: headers.event_id ?? null }));
    for (const w of waiters) w();
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const waitFor = (predicate: () => boolean, timeoutMs = 10_000) =>
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
        reject(new Error(`receiver: condition not met in ${timeoutMs} ms (${requests.length} envelopes)`));
      }, timeoutMs);
      waiters.add(check);
    });

  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}`,
    dsn: `http://${PUBLIC_KEY}@127.0.0.1:${port}/1`,
    requests,
    problems,
    events: () => items('event') as Event[],
    transactions: () => items('transaction') as Event[],
    clientReports: () => items('client_report') as ClientReport[],
    waitFor,
    async waitForEvents(count, timeoutMs) {
      await waitFor(() => receiver.events().length >= count, timeoutMs);
      return receiver.events();
    },
    respondWith(status, headers = {}) {
      response = { status, headers };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}
