// The lean HTTP/1.1 client: the response framings a server may use, keep-alive reuse, a stale
// socket retried once, invalid headers never written, and every failure returned as data.
import * as net from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { createRequestExecutor } from '../../../../src/transport/request.js';

type Responder = (request: string, socket: net.Socket) => void;

interface RawServer {
  url: string;
  requests: string[];
  connections: number;
  close(): Promise<void>;
}

const servers: RawServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

/** A raw TCP server: hands every complete request (head + Content-Length body) to `respond`. */
async function rawServer(respond: Responder): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  const state = { requests: [] as string[], connections: 0 };
  const server = net.createServer((socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let text = '';
    socket.on('data', (d) => {
      text += d.toString('latin1');
      for (;;) {
        const end = text.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(text.slice(0, end))?.[1] ?? 0);
        if (text.length < end + 4 + length) return;
        const request = text.slice(0, end + 4 + length);
        text = text.slice(end + 4 + length);
        state.requests.push(request);
        respond(request, socket);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  const s: RawServer = {
    url: `http://127.0.0.1:${port}/api/1/envelope/`,
    get requests() {
      return state.requests;
    },
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise((r) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => r());
      }),
  };
  servers.push(s);
  return s;
}

const executor = (url: string, headers: Record<string, string> = {}, timeoutMs = 2000) =>
  createRequestExecutor({ url, headers, timeoutMs, maxSockets: 2 });

it('reads a Content-Length response and reuses the socket', async () => {
  const server = await rawServer((_req, socket) => {
    socket.write('HTTP/1.1 200 OK\r\nX-Sentry-Rate-Limits: 60:error\r\nContent-Length: 2\r\n\r\n{}');
  });
  const ex = executor(server.url, { 'X-Sentry-Auth': 'Sentry sentry_key=k' });
  const first = await ex.send(Buffer.from('body-1'));
  const second = await ex.send(Buffer.from('body-2'));
  expect(first).toEqual({ ok: true, statusCode: 200, rateLimits: '60:error', retryAfter: undefined });
  expect(second.ok).toBe(true);
  expect(server.connections).toBe(1);
  expect(server.requests[0]).toMatch(/^POST \/api\/1\/envelope\/ HTTP\/1\.1\r\n/);
  expect(server.requests[0]).toContain('X-Sentry-Auth: Sentry sentry_key=k\r\n');
  expect(server.requests[1]?.endsWith('\r\n\r\nbody-2')).toBe(true);
  ex.destroy();
});

it('reads chunked responses (split across packets) and 429 with Retry-After', async () => {
  const server = await rawServer((_req, socket) => {
    socket.write(
      'HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{',
    );
    setTimeout(() => socket.write('}\r\n0\r\n\r\n'), 5);
  });
  const ex = executor(server.url);
  expect(await ex.send(Buffer.from('a'))).toEqual({
    ok: true,
    statusCode: 429,
    rateLimits: undefined,
    retryAfter: '7',
  });
  expect((await ex.send(Buffer.from('b'))).ok).toBe(true);
  expect(server.connections).toBe(1);
  ex.destroy();
});

it('reads a body that ends with the connection, then opens a new one', async () => {
  const server = await rawServer((_req, socket) => {
    socket.end('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nbye');
  });
  const ex = executor(server.url);
  expect((await ex.send(Buffer.from('a'))).ok).toBe(true);
  expect((await ex.send(Buffer.from('b'))).ok).toBe(true);
  expect(server.connections).toBe(2);
  ex.destroy();
});

it('sends again once when a reused socket was closed by the server', async () => {
  let n = 0;
  const server = await rawServer((_req, socket) => {
    n += 1;
    if (n === 2)
      socket.destroy(); // closes the kept-alive socket as it is reused
    else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
  });
  const ex = executor(server.url);
  expect((await ex.send(Buffer.from('a'))).ok).toBe(true);
  expect((await ex.send(Buffer.from('b'))).ok).toBe(true);
  expect(server.requests).toHaveLength(3);
  ex.destroy();
});

it('returns network errors, timeouts and garbage as data', async () => {
  const garbage = await rawServer((_req, socket) => {
    socket.write('SSH-2.0-nope\r\n\r\n');
  });
  const silent = await rawServer(() => {});
  const closed = await rawServer(() => {});
  const closedUrl = closed.url;
  await closed.close();
  const results = await Promise.all([
    executor(garbage.url).send(Buffer.from('x')),
    executor(silent.url, {}, 100).send(Buffer.from('x')),
    executor(closedUrl).send(Buffer.from('x')),
  ]);
  expect(results.map((r) => r.ok)).toEqual([false, false, false]);
  expect(results[1]?.ok === false && results[1].error.message).toMatch(/timed out/);
});

it('times out a request on a reused socket, and not its idle socket', async () => {
  let n = 0;
  const server = await rawServer((_req, socket) => {
    n += 1;
    if (n === 1) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'); // the second hangs
  });
  const ex = executor(server.url, {}, 150);
  expect((await ex.send(Buffer.from('a'))).ok).toBe(true);
  // Idle past the timeout: an idle socket is not failed by its request timer.
  await new Promise((r) => setTimeout(r, 250));
  const second = await ex.send(Buffer.from('b'));
  expect(second.ok === false && second.error.message).toMatch(/timed out/);
  expect(server.connections).toBe(1); // the second went over the kept-alive socket
  ex.destroy();
});

it('never writes a header that could split the request', async () => {
  const server = await rawServer((_req, socket) => {
    socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
  });
  const ex = executor(server.url, { Good: 'yes', Evil: 'a\r\nInjected: 1', 'Bad Name': 'x' });
  expect((await ex.send(Buffer.from('a'))).ok).toBe(true);
  expect(server.requests[0]).toContain('Good: yes\r\n');
  expect(server.requests[0]).not.toContain('Injected');
  expect(server.requests[0]).not.toContain('Bad Name');
  ex.destroy();
});

it('destroy resolves what is in flight as a network error', async () => {
  const server = await rawServer(() => {});
  const ex = executor(server.url);
  const pending = ex.send(Buffer.from('a'));
  await new Promise((r) => setTimeout(r, 20));
  ex.destroy();
  expect((await pending).ok).toBe(false);
  expect((await ex.send(Buffer.from('b'))).ok).toBe(false);
});
