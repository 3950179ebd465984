// A Koa app with @koa/router, under the preload:
//   SENTRY_DSN=… node --require otel-sentry/preload examples/koa/app.cjs
// Errors koa answers with a 5xx are reported, named after the route (`GET /users/:id`);
// `ctx.throw(400)` is the client's mistake and is not.
const Koa = require('koa');
const Router = require('@koa/router');
const Sentry = require('otel-sentry');

const app = new Koa();
Sentry.setupKoaErrorHandler(app); // automatic with the preload or init(); harmless to keep

const router = new Router();
router.get('/', (ctx) => {
  ctx.body = 'ok\n';
});
router.get('/users/:id', (ctx) => {
  Sentry.setUser({ id: ctx.params.id });
  throw new Error(`user ${ctx.params.id} not loaded`);
});
router.get('/search', (ctx) => ctx.throw(400, 'query required'));
app.use(router.routes());

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(JSON.stringify({ listening: server.address().port }));
});
process.on('SIGTERM', () => server.close());
