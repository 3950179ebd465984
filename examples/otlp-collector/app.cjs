// A few requests, one of them to an upstream that is down (ECONNREFUSED on a client span).
const http = require('node:http');

const REQUESTS = Number(process.env.REQUESTS ?? 5);

const server = http.createServer((req, res) => {
  if (req.url !== '/fail') return res.writeHead(200).end('ok\n');
  http
    .get('http://127.0.0.1:1/', () => res.writeHead(200).end())
    .on('error', () => res.writeHead(502).end('upstream down\n'));
});

function get(port, path) {
  return new Promise((resolve) => {
    http.get({ host: '127.0.0.1', port, path }, (res) =>
      res.resume().on('end', () => resolve(res.statusCode)),
    );
  });
}

server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  const statuses = [];
  for (let i = 0; i < REQUESTS; i++) statuses.push(await get(port, i === 0 ? '/fail' : '/ok'));
  console.log(`statuses ${statuses.join(',')}`);
  server.close();
});
