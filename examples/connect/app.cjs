// A Connect app under the preload, with one line of Sentry setup:
//   SENTRY_DSN=… node --require otel-sentry/preload examples/connect/app.cjs
// It sends itself one request, whose middleware fails, and exits.
const http = require('node:http');
const connect = require('connect');
const Sentry = require('otel-sentry');

const app = connect();
app.use('/reports', (_req, _res, next) => {
  next(new Error('report generation failed'));
});
Sentry.setupConnectErrorHandler(app); // after the app's middleware: GET /reports, auto.http.connect

const server = http.createServer(app).listen(0, '127.0.0.1', async () => {
  const res = await fetch(`http://127.0.0.1:${server.address().port}/reports/monthly`);
  console.log(`GET /reports/monthly -> ${res.status}`);
  await res.text();
  server.close();
});
