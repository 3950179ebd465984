// A hapi server, under the preload:
//   SENTRY_DSN=… node --require otel-sentry/preload examples/hapi/app.cjs
// Errors hapi answers with a 5xx are reported, named after the route (`GET /users/{id}`);
// Boom 4xx answers are the client's mistake and are not.
const Hapi = require('@hapi/hapi');
const Boom = require('@hapi/boom');
const Sentry = require('otel-sentry');

async function start() {
  const server = Hapi.server({ host: '127.0.0.1', port: Number(process.env.PORT ?? 3000) });
  await Sentry.setupHapiErrorHandler(server); // automatic with the preload or init(); harmless to keep
  server.route({ method: 'GET', path: '/', handler: () => 'ok\n' });
  server.route({
    method: 'GET',
    path: '/users/{id}',
    handler: (request) => {
      Sentry.setUser({ id: request.params.id });
      throw new Error(`user ${request.params.id} not loaded`);
    },
  });
  server.route({
    method: 'GET',
    path: '/search',
    handler: () => {
      throw Boom.badRequest('query required');
    },
  });
  await server.start();
  console.log(JSON.stringify({ listening: server.info.port }));
  process.on('SIGTERM', () => server.stop());
}

start().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
