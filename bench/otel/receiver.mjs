// A local Sentry endpoint for the benchmark: accepts every envelope, counts event items.
import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';

export async function startSink() {
  const counts = { envelopes: 0, events: 0, transactions: 0 };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      try {
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      } catch {}
      counts.envelopes++;
      const text = body.toString('utf8');
      counts.events += (text.match(/"type":"event"/g) ?? []).length;
      counts.transactions += (text.match(/"type":"transaction"/g) ?? []).length;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    dsn: `http://0123456789abcdef0123456789abcdef@127.0.0.1:${port}/1`,
    counts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
