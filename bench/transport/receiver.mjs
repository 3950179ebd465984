// A local Sentry receiver for the transport benchmark: answers 200 at once and counts, per
// project id, the events it received (split by a marker in their text) and the losses the SDK
// reported in client reports. Runs in the orchestrator, so its CPU never counts for an SDK.
import * as http from 'node:http';
import { gunzipSync } from 'node:zlib';

export const PUBLIC_KEY = '0123456789abcdef0123456789abcdef';

/** Splits an envelope into [itemHeader, payloadBuffer] pairs (length-aware, like Relay). */
function items(buf) {
  const out = [];
  let pos = buf.indexOf(0x0a) + 1; // skip the envelope header
  while (pos > 0 && pos < buf.length) {
    const end = buf.indexOf(0x0a, pos);
    if (end === -1) break;
    const header = JSON.parse(buf.toString('utf8', pos, end));
    pos = end + 1;
    const next = buf.indexOf(0x0a, pos);
    const len = typeof header.length === 'number' ? header.length : (next === -1 ? buf.length : next) - pos;
    out.push([header, buf.subarray(pos, pos + len)]);
    pos += len + 1;
  }
  return out;
}

export async function startReceiver() {
  const projects = new Map();
  const project = (id) => {
    if (!projects.has(id)) projects.set(id, { events: 0, marked: 0, requests: 0, discarded: {} });
    return projects.get(id);
  };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
      const id = /\/api\/(\d+)\//.exec(req.url ?? '')?.[1] ?? '0';
      const stats = project(id);
      stats.requests += 1;
      try {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        for (const [header, payload] of items(body)) {
          if (header.type === 'event') {
            stats.events += 1;
            if (payload.includes('bench-measure')) stats.marked += 1;
          } else if (header.type === 'client_report') {
            for (const d of JSON.parse(payload.toString()).discarded_events ?? []) {
              const key = `${d.reason}:${d.category}`;
              stats.discarded[key] = (stats.discarded[key] ?? 0) + d.quantity;
            }
          }
        }
      } catch (err) {
        stats.parseErrors = (stats.parseErrors ?? 0) + 1;
        stats.lastError = String(err);
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  let nextProject = 1;
  return {
    /** A fresh DSN (its own project id, so counts never mix). */
    dsn() {
      const id = nextProject++;
      return { id: String(id), dsn: `http://${PUBLIC_KEY}@127.0.0.1:${port}/${id}` };
    },
    stats: (id) => project(id),
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A server that accepts connections and never answers: a black-holed DSN. */
export async function startBlackHole() {
  const sockets = new Set();
  const server = http.createServer(() => {});
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    dsn: `http://${PUBLIC_KEY}@127.0.0.1:${port}/1`,
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
