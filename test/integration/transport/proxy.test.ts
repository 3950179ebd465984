// Proxies and TLS: CONNECT tunnels for https targets (with keep-alive through the tunnel),
// absolute-URI requests for http targets, proxy credentials, NO_PROXY, and `caCerts`.
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FaultServer, startFaultServer } from '../../helpers/fault-server.js';
import { errorEnvelope, makeTransport } from './harness.js';

const TLS = {
  key: readFileSync(new URL('./fixtures/tls/key.pem', import.meta.url)),
  cert: readFileSync(new URL('./fixtures/tls/cert.pem', import.meta.url)),
};

interface TestProxy {
  url: string;
  connects: string[];
  forwarded: string[];
  auth: Array<string | undefined>;
  close(): Promise<void>;
}

/** A tiny forward proxy: CONNECT tunnels and absolute-URI forwarding; 407 if `refuse`. */
async function startProxy(refuse = false): Promise<TestProxy> {
  const sockets = new Set<net.Socket>();
  const proxy: Omit<TestProxy, 'url' | 'close'> = { connects: [], forwarded: [], auth: [] };
  const server = http.createServer((req, res) => {
    proxy.forwarded.push(req.url ?? '');
    proxy.auth.push(req.headers['proxy-authorization']);
    const target = new URL(req.url ?? '');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: target.pathname, method: req.method, headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    proxy.connects.push(req.url ?? '');
    proxy.auth.push(req.headers['proxy-authorization']);
    if (refuse) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    ...proxy,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const ENV_KEYS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];
let saved: Record<string, string | undefined> = {};
let target: FaultServer | undefined;
let proxy: TestProxy | undefined;

beforeEach(() => {
  saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  for (const k of ENV_KEYS) delete process.env[k];
});

afterEach(async () => {
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  await target?.close();
  await proxy?.close();
  target = proxy = undefined;
});

describe('proxies and TLS', () => {
  it('tunnels https through CONNECT, reusing the tunnel, trusting caCerts', async () => {
    target = await startFaultServer({ tls: TLS });
    proxy = await startProxy();
    const { transport, drops } = makeTransport(target.dsn, {
      proxy: proxy.url.replace('://', '://user:p%40ss@'),
      caCerts: TLS.cert,
      concurrency: 1,
    });
    for (let i = 0; i < 5; i++) transport.send(errorEnvelope());
    expect(await transport.flush(5000)).toBe(true);
    expect(drops).toEqual({});
    expect(target.received).toHaveLength(5);
    expect(target.received[0]?.envelope).toBeDefined();
    expect(proxy.connects).toEqual([`127.0.0.1:${target.port}`]); // one tunnel, kept alive
    expect(proxy.auth[0]).toBe(`Basic ${Buffer.from('user:p@ss').toString('base64')}`);
    await transport.close?.(100);
  });

  it('without the CA, the TLS handshake fails: network_error', async () => {
    target = await startFaultServer({ tls: TLS });
    const { transport, drops } = makeTransport(target.dsn);
    transport.send(errorEnvelope());
    expect(await transport.flush(5000)).toBe(true);
    expect(drops).toEqual({ 'network_error:error': 1 });
    expect(target.received).toHaveLength(0);
    await transport.close?.(100);
  });

  it('sends absolute URIs for http targets, taking HTTP_PROXY from the environment', async () => {
    target = await startFaultServer();
    proxy = await startProxy();
    process.env.HTTP_PROXY = proxy.url;
    const { transport, drops } = makeTransport(target.dsn);
    transport.send(errorEnvelope());
    expect(await transport.flush(5000)).toBe(true);
    expect(drops).toEqual({});
    expect(proxy.forwarded).toEqual([`http://127.0.0.1:${target.port}/api/1/envelope/`]);
    expect(target.received[0]?.headers['x-sentry-auth']).toMatch(/^Sentry /);
    await transport.close?.(100);
  });

  it('bypasses the environment proxy for NO_PROXY hosts', async () => {
    target = await startFaultServer();
    proxy = await startProxy();
    process.env.http_proxy = proxy.url;
    process.env.no_proxy = 'localhost,127.0.0.1';
    const { transport } = makeTransport(target.dsn);
    transport.send(errorEnvelope());
    expect(await transport.flush(5000)).toBe(true);
    expect(proxy.forwarded).toEqual([]);
    expect(target.received).toHaveLength(1);
    await transport.close?.(100);
  });

  it('a proxy refusing the tunnel is a network error', async () => {
    target = await startFaultServer({ tls: TLS });
    proxy = await startProxy(true);
    process.env.HTTPS_PROXY = proxy.url;
    const { transport, drops } = makeTransport(target.dsn, { caCerts: [TLS.cert] });
    transport.send(errorEnvelope());
    transport.send(errorEnvelope());
    expect(await transport.flush(5000)).toBe(true);
    expect(drops).toEqual({ 'network_error:error': 2 });
    expect(target.requestCount).toBe(0);
    await transport.close?.(100);
  });
});
