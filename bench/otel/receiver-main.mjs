// The local Sentry endpoint as a process of its own (so its work is never the server's): counts
// event items per project id. Prints its base URL; `GET /counts/<project>` answers the counts.
import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';

const counts = new Map();
const server = createServer((req, res) => {
  const asked = /^\/counts\/(\d+)$/.exec(req.url ?? '');
  if (asked) {
    res.end(JSON.stringify(counts.get(asked[1]) ?? { envelopes: 0, events: 0 }));
    return;
  }
  const project = /^\/api\/(\d+)\/envelope\//.exec(req.url ?? '')?.[1] ?? '0';
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let body = Buffer.concat(chunks);
    try {
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
    } catch {}
    const c = counts.get(project) ?? { envelopes: 0, events: 0 };
    counts.set(project, c);
    c.envelopes++;
    c.events += body.toString('latin1').split('"type":"event"').length - 1;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 }).end('{}');
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
// Ends with its parent: stdin closes when the benchmark exits, however it exits.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
