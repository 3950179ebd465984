// No otel-sentry code in the app: `node --require otel-sentry/preload app.cjs`.
const http = require('node:http');

const server = http.createServer((_req, res) => {
  // The upstream is down: the http instrumentation records ECONNREFUSED on the client span.
  http
    .get('http://127.0.0.1:1/inventory', () => res.writeHead(200).end())
    .on('error', () => res.writeHead(502).end('inventory unavailable\n'));
});

server.listen(0, '127.0.0.1', () => {
  http.get(`http://127.0.0.1:${server.address().port}/`, (response) => {
    console.log(`GET / -> ${response.statusCode}`);
    response.resume();
    server.close();
  });
});
