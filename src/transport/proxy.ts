// Proxy support without a dependency: choosing the proxy (option, HTTPS_PROXY/HTTP_PROXY,
// NO_PROXY), CONNECT tunnelling for https targets and absolute-URI requests for http targets.
import * as http from 'node:http';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { debug } from '../utils/debug.js';

type Env = Record<string, string | undefined>;

/**
 * The proxy for `target`: the `proxy` option when given ('' means none), else HTTPS_PROXY (https
 * targets) or HTTP_PROXY, lowercase first, unless NO_PROXY matches. Invalid URLs are ignored.
 */
export function resolveProxy(
  target: URL,
  option: string | undefined,
  env: Env = process.env,
): URL | undefined {
  let raw = option;
  if (raw === undefined) {
    const fromEnv =
      (target.protocol === 'https:' ? (env.https_proxy ?? env.HTTPS_PROXY) : undefined) ??
      env.http_proxy ??
      env.HTTP_PROXY;
    if (!fromEnv || isNoProxy(target, env.no_proxy ?? env.NO_PROXY)) return undefined;
    raw = fromEnv;
  }
  if (!raw) return undefined;
  try {
    const url = new URL(raw.includes('://') ? raw : `http://${raw}`);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // fall through to the warning
  }
  debug.warn(`ignoring proxy "${redact(raw)}": not an http(s) URL`);
  return undefined;
}

/** NO_PROXY: `*`, or comma/space separated hosts (`example.com`, `.example.com`, `*.example.com`, `host:port`). */
export function isNoProxy(target: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = stripBrackets(target.hostname.toLowerCase());
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return noProxy.split(/[\s,]+/).some((rawEntry) => {
    const entry = rawEntry.trim().toLowerCase();
    if (!entry) return false;
    if (entry === '*') return true;
    // `host:port` and `[v6]:port` carry a port; a bare IPv6 literal (`::1`) does not.
    const withPort = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ?? /^([^:]+):(\d+)$/.exec(entry);
    if (withPort?.[2] !== undefined && withPort[2] !== port) return false;
    const name = (withPort?.[1] ?? entry).replace(/^\*?\./, '');
    return host === name || host.endsWith(`.${name}`);
  });
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function redact(raw: string): string {
  return raw.replace(/\/\/[^@/]*@/, '//***@');
}

function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username && !proxy.password) return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'Proxy-Authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/** How requests to one target are made: which module, agent, host, path and extra headers. */
export interface Route {
  request: typeof http.request;
  agent: http.Agent;
  host: string;
  port: number;
  path: string;
  headers: Record<string, string>;
}

export interface RouteOptions {
  proxy: URL | undefined;
  /** Certificate authorities for TLS (already merged with Node's roots), if customised. */
  ca: Array<string | Buffer> | undefined;
  maxSockets: number;
  /** Idle keep-alive sockets are closed after this many ms. */
  idleTimeoutMs: number;
  /** Bound for establishing a CONNECT tunnel. */
  connectTimeoutMs: number;
}

export function createRoute(target: URL, options: RouteOptions): Route {
  const { proxy, ca, maxSockets, idleTimeoutMs } = options;
  const agentOptions: https.AgentOptions = { keepAlive: true, maxSockets, timeout: idleTimeoutMs };
  if (ca) agentOptions.ca = ca;
  const targetHost = stripBrackets(target.hostname);
  const targetPort = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  const path = `${target.pathname}${target.search}`;
  if (!proxy) {
    const isHttps = target.protocol === 'https:';
    return {
      request: isHttps ? https.request : http.request,
      agent: isHttps ? new https.Agent(agentOptions) : new http.Agent(agentOptions),
      host: targetHost,
      port: targetPort,
      path,
      headers: {},
    };
  }
  const proxyIsHttps = proxy.protocol === 'https:';
  const proxyHost = stripBrackets(proxy.hostname);
  const proxyPort = Number(proxy.port) || (proxyIsHttps ? 443 : 80);
  if (target.protocol === 'https:') {
    // TLS end to end with the target, through a tunnel the proxy cannot read.
    return {
      request: https.request,
      agent: new TunnelAgent(agentOptions, proxy, options.connectTimeoutMs),
      host: targetHost,
      port: targetPort,
      path,
      headers: {},
    };
  }
  // Plain http target: send the absolute URI to the proxy, which forwards it.
  return {
    request: proxyIsHttps ? https.request : http.request,
    agent: proxyIsHttps ? new https.Agent(agentOptions) : new http.Agent(agentOptions),
    host: proxyHost,
    port: proxyPort,
    path: target.href,
    headers: { Host: target.host, ...proxyAuthorization(proxy) },
  };
}

type ConnectCallback = (err: Error | null, socket?: Duplex) => void;

/**
 * An https agent whose sockets are TLS sessions with the target inside an HTTP CONNECT tunnel.
 * Node's Agent accepts a socket handed to `createConnection`'s callback (documented), so pooling
 * and keep-alive work on tunnels exactly as on direct sockets.
 */
class TunnelAgent extends https.Agent {
  constructor(
    options: https.AgentOptions,
    private readonly _proxy: URL,
    private readonly _connectTimeoutMs: number,
  ) {
    super(options);
  }

  override createConnection(options: tls.ConnectionOptions, callback: ConnectCallback): undefined {
    const proxy = this._proxy;
    const authority = `${formatHost(String(options.host))}:${String(options.port)}`;
    const proxyIsHttps = proxy.protocol === 'https:';
    const connect = (proxyIsHttps ? https : http).request({
      host: stripBrackets(proxy.hostname),
      port: Number(proxy.port) || (proxyIsHttps ? 443 : 80),
      method: 'CONNECT',
      path: authority,
      headers: { Host: authority, ...proxyAuthorization(proxy) },
      agent: false,
      ...(proxyIsHttps && options.ca ? { ca: options.ca } : {}),
    });
    let settled = false;
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      connect.destroy();
      callback(err);
    };
    connect.setTimeout(this._connectTimeoutMs, () => fail(new Error('proxy CONNECT timed out')));
    connect.on('socket', (socket) => socket.unref());
    connect.once('error', fail);
    connect.once('response', (res) => {
      res.resume();
      fail(new Error(`proxy answered CONNECT with ${res.statusCode}`));
    });
    connect.once('connect', (res, socket) => {
      if (settled) {
        socket.destroy();
        return;
      }
      if (res.statusCode !== 200) {
        socket.destroy();
        fail(new Error(`proxy refused CONNECT ${authority}: ${res.statusCode}`));
        return;
      }
      settled = true;
      connect.setTimeout(0);
      socket.unref();
      const secure = tls.connect({ ...options, socket });
      callback(null, secure);
    });
    connect.end();
    return undefined;
  }
}

function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
