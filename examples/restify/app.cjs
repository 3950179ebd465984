// A Restify app with no Sentry code of its own: run it under the preload,
//   SENTRY_DSN=… node --require otel-sentry/preload examples/restify/app.cjs
// With @opentelemetry/instrumentation-restify installed, otel-sentry sees every error a server
// answers with an error response (next(err), async rejections), named after the route.
const restify = require('restify');

const server = restify.createServer();

server.get('/', (_req, res, next) => {
  res.send('ok');
  next();
});

server.get('/orders/:id', async (req) => {
  if (req.params.id === '0') {
    throw Object.assign(new Error('order not found'), { statusCode: 404 }); // 4xx: not captured
  }
  throw new Error(`order ${req.params.id} could not be priced`);
});

server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(JSON.stringify({ listening: server.address().port }));
});
process.on('SIGTERM', () => server.close());
