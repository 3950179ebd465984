// The benchmark's receiving end: a collector (`/v1/traces`), Sentry's OTLP traces endpoint and its
// envelope endpoint on one 127.0.0.1 port. Counts requests and bytes per kind; answers as each would.
import { createServer } from 'node:http';

export async function startSink() {
  const counts = {
    collector: 0,
    sentryOtlp: 0,
    envelopes: 0,
    bytes: { collector: 0, sentryOtlp: 0, envelopes: 0 },
  };
  const server = createServer((req, res) => {
    let bytes = 0;
    req.on('data', (c) => {
      bytes += c.length;
    });
    req.on('end', () => {
      const kind =
        req.url === '/v1/traces'
          ? 'collector'
          : req.url?.includes('/integration/otlp/')
            ? 'sentryOtlp'
            : 'envelopes';
      counts[kind]++;
      counts.bytes[kind] += bytes;
      if (kind === 'envelopes') res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      else res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    dsn: `http://0123456789abcdef0123456789abcdef@127.0.0.1:${port}/1`,
    counts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
