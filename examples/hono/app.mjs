// A Hono app on Node with one line of Sentry setup: run it under the preload,
//   SENTRY_DSN=… node --import otel-sentry/preload examples/hono/app.mjs
// setupHonoErrorHandler(app) sees what the routes and middleware throw, whatever onError the app
// sets, and the app answers as before.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as Sentry from 'otel-sentry';

const app = new Hono();
Sentry.setupHonoErrorHandler(app);

app.get('/', (c) => c.text('ok\n'));

app.get('/orders/:id', (c) => {
  if (c.req.param('id') === '0') throw new HTTPException(404, { message: 'order not found' });
  throw new Error(`order ${c.req.param('id')} could not be priced`);
});

app.onError((err, c) => ('getResponse' in err ? err.getResponse() : c.text('Something went wrong\n', 500)));

const server = serve(
  { fetch: app.fetch, port: Number(process.env.PORT ?? 3000), hostname: '127.0.0.1' },
  (info) => {
    console.log(JSON.stringify({ listening: info.port }));
  },
);
process.on('SIGTERM', () => server.close());
