// A plain node:http webhook receiver, as an ES module under the preload:
//   SENTRY_DSN=… node --import otel-sentry/preload examples/node-http/app.mjs
// It answers 202 at once and processes the payload afterwards; the processing fails. The wrapped
// listener reports the rejection (mechanism auto.http.node, with the request's data), and the
// rejection stays unhandled, as it was: Node prints its warning.
import { createServer } from 'node:http';
import * as Sentry from 'otel-sentry';

async function onWebhook(req, res) {
  res.writeHead(202).end('accepted\n');
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const { invoice } = JSON.parse(Buffer.concat(chunks).toString());
  throw new Error(`invoice ${invoice} could not be matched to an order`);
}

const server = createServer(Sentry.wrapRequestListener(onWebhook));
server.listen(0, '127.0.0.1', async () => {
  const res = await fetch(`http://127.0.0.1:${server.address().port}/webhooks/payments`, {
    method: 'POST',
    body: JSON.stringify({ invoice: 'inv-17' }),
  });
  console.log(`POST /webhooks/payments -> ${res.status}`);
  await res.text();
  await Sentry.flush(2000);
  server.close();
});
