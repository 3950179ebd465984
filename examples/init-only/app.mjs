// A small HTTP service whose upstream is down. The fetch (undici) instrumentation records the
// connection error on its span; otel-sentry reports it as an error event linked to that span,
// with the original Error (`connect ECONNREFUSED`, its `code`, `syscall`, `port`, …).
import { createServer } from 'node:http';

// Port 2: nothing listens there (port 1 would be refused by fetch itself, before any request).
const UPSTREAM = process.env.UPSTREAM_URL ?? 'http://127.0.0.1:2/';

const server = createServer(async (_req, res) => {
  try {
    const upstream = await fetch(UPSTREAM);
    res.writeHead(200).end(await upstream.text());
  } catch {
    res.writeHead(502).end('upstream unavailable\n');
  }
});

server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  const response = await fetch(`http://127.0.0.1:${port}/orders`);
  console.log(`GET /orders -> ${response.status}`);
  // Closing the server lets the process end; otel-sentry flushes pending events on the way out.
  server.close();
});
