// A NestJS app (express platform), in plain JavaScript, under the preload:
//   SENTRY_DSN=… node --require otel-sentry/preload examples/nestjs/app.cjs
// What Nest's exception filters answer with a 5xx is reported, named after the route
// (`GET /users/:id`); HttpExceptions below 500 are the client's mistake and are not.
require('reflect-metadata');
const { BadRequestException, Controller, Get, Module, Param } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const Sentry = require('otel-sentry');

class UsersController {
  home() {
    return 'ok\n';
  }
  user(id) {
    Sentry.setUser({ id });
    throw new Error(`user ${id} not loaded`);
  }
  search() {
    throw new BadRequestException('query required');
  }
}
// What `@Get('users/:id') user(@Param('id') id)` compiles to.
for (const [method, path] of [
  ['home', ''],
  ['user', 'users/:id'],
  ['search', 'search'],
]) {
  const proto = UsersController.prototype;
  Object.defineProperty(
    proto,
    method,
    Get(path)(proto, method, Object.getOwnPropertyDescriptor(proto, method)),
  );
}
Param('id')(UsersController.prototype, 'user', 0);
Controller()(UsersController);

class AppModule {}
Module({ controllers: [UsersController] })(AppModule);

async function start() {
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  // Automatic with the preload or init(). Without our instrumentation, or with a catch-all
  // filter of your own: Sentry.setupNestErrorHandler(app, new YourFilter(app.getHttpAdapter())).
  await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
  console.log(JSON.stringify({ listening: app.getHttpServer().address().port }));
  process.on('SIGTERM', () => app.close());
}

start().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
