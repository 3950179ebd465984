// A DSN endpoint on 127.0.0.1 that misbehaves on demand and keeps the books: which events it
// accepted (2xx), which it answered 429 to (Sentry counts those itself), and what the client
// reports it accepted say was dropped. Modes: healthy, refuse (nothing listens), status-500,
// status-429 (Retry-After: 30), hang (never answers), slow (answers after 300 ms).
import * as http from 'node:http';
import { gunzipSync } from 'node:zlib';

export const PUBLIC_KEY = '0123456789abcdef0123456789abcdef';
const SLOW_MS = 300;

export async function startAccountingDsn(initialMode) {
  let mode = initialMode;
  const books = { accepted: 0, acceptedIds: new Set(), limited: 0, failed: 0, reported: {}, requests: 0 };
  const hanging = new Set();

  const answer = (res, parsed, status) => {
    if (status >= 200 && status < 300) {
      books.accepted += parsed.events.length;
      for (const id of parsed.events) books.acceptedIds.add(id);
      for (const { reason, category, quantity } of parsed.discarded) {
        if (category !== 'error') continue;
        books.reported[reason] = (books.reported[reason] ?? 0) + quantity;
      }
    } else if (status === 429) {
      books.limited += parsed.events.length;
    } else {
      books.failed += parsed.events.length;
    }
    const headers = { 'content-type': 'application/json' };
    if (status === 429) headers['retry-after'] = '30';
    res.writeHead(status, headers);
    res.end(status === 200 ? '{"id":"0"}' : '{"detail":"fault"}');
  };

  const server = http.createServer((req, res) => {
    books.requests += 1;
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const parsed = parse(req, Buffer.concat(chunks));
      switch (mode) {
        case 'hang':
          hanging.add(res);
          res.on('close', () => hanging.delete(res));
          return;
        case 'slow':
          setTimeout(() => answer(res, parsed, 200), SLOW_MS);
          return;
        case 'status-500':
          return answer(res, parsed, 500);
        case 'status-429':
          return answer(res, parsed, 429);
        default:
          return answer(res, parsed, 200);
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  if (mode === 'refuse') await new Promise((resolve) => server.close(resolve));

  return {
    dsn: `http://${PUBLIC_KEY}@127.0.0.1:${port}/1`,
    books,
    /** Switches behaviour; from refuse it listens again on the same port. */
    async setMode(next) {
      const wasRefusing = mode === 'refuse';
      mode = next;
      for (const res of hanging) res.socket?.destroy(); // hung requests fail now rather than at their timeout
      if (wasRefusing && next !== 'refuse') {
        await new Promise((resolve, reject) => {
          server.once('error', reject);
          server.listen(port, '127.0.0.1', resolve);
        });
      }
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}

/** Event ids and client-report entries of one envelope; only JSON headers and reports are parsed. */
function parse(req, raw) {
  const out = { events: [], discarded: [] };
  try {
    const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
    let pos = body.indexOf(10);
    const header = JSON.parse(body.toString('utf8', 0, pos));
    pos += 1;
    while (pos < body.length) {
      const end = body.indexOf(10, pos);
      const item = JSON.parse(body.toString('utf8', pos, end === -1 ? body.length : end));
      const start = end + 1;
      const stop = start + item.length;
      if (item.type === 'event') out.events.push(header.event_id);
      if (item.type === 'client_report') {
        out.discarded.push(...(JSON.parse(body.toString('utf8', start, stop)).discarded_events ?? []));
      }
      pos = stop + 1;
    }
  } catch {
    // Not an envelope: counted as a request only.
  }
  return out;
}
