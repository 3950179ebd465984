// A Fastify app with no Sentry code of its own: run it under the preload,
//   SENTRY_DSN=… node --import otel-sentry/preload examples/fastify/app.mjs
// otel-sentry hooks every Fastify instance as it is created (Fastify's diagnostics channel, so
// ES modules need no loader): route and hook errors are captured once, named after the route.
import Fastify from 'fastify';

const app = Fastify();

app.get('/', async () => 'ok\n');

app.get('/orders/:id', async (request) => {
  if (request.params.id === '0') {
    const error = new Error('order not found');
    error.statusCode = 404; // a 4xx answer: the client's mistake, not captured
    throw error;
  }
  throw new Error(`order ${request.params.id} could not be priced`);
});

const address = await app.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });
console.log(JSON.stringify({ listening: Number(new URL(address).port) }));
process.on('SIGTERM', () => app.close());
