// A lean HTTP/1.1 POST client for direct connections (no proxy): keep-alive sockets, one request
// per socket at a time, the request written in one syscall and only what we need of the response
// read (status, rate-limit headers, the body skipped). node:http's client costs ~75-105 µs of
// CPU per POST on a small envelope; this path ~15-30 µs, which is most of an event's cost.
import * as net from 'node:net';
import * as tls from 'node:tls';

export interface WireResponse {
  statusCode: number;
  headers: Map<string, string>;
}

export type WireResult =
  | { ok: true; response: WireResponse }
  | { ok: false; error: Error; retryable: boolean };

export interface WireClientOptions {
  target: URL;
  /** Header lines sent with every request (validated by the caller). */
  headers: Record<string, string>;
  ca: Array<string | Buffer> | undefined;
  maxSockets: number;
  idleTimeoutMs: number;
  timeoutMs: number;
}

interface Pending {
  head: string;
  payload: Buffer;
  resolve: (result: WireResult) => void;
}

const HEADER_END = '\r\n\r\n';
const HANG_UP = new Error('socket hang up');

/** Parses one response at a time off a socket: the head as latin1 text, the body only counted. */
class Connection {
  private _text = '';
  private _state: 'head' | 'length' | 'chunked' | 'close' = 'head';
  private _remaining = 0;
  private _response: WireResponse | undefined;
  private _current: Pending | undefined;
  private _timer: NodeJS.Timeout | undefined;
  /** Responses completed on this socket: a failure after one is a stale keep-alive socket. */
  used = 0;
  keepAlive = true;
  dead = false;

  constructor(
    readonly socket: net.Socket,
    private readonly _timeoutMs: number,
    private readonly _onIdle: (conn: Connection) => void,
    private readonly _onDead: (conn: Connection) => void,
  ) {
    socket.setNoDelay(true);
    socket.unref(); // our sockets never keep the host alive; exit flushes keep it alive instead
    socket.on('data', (chunk: Buffer) => this._read(chunk));
    socket.on('end', () => this._end());
    socket.on('close', () => this._fail(new Error('socket closed')));
    socket.on('error', (err) => this._fail(err));
    socket.on('timeout', () => {
      if (!this._current) socket.destroy(); // idle too long
    });
  }

  get busy(): boolean {
    return this._current !== undefined;
  }

  start(pending: Pending): void {
    this._current = pending;
    this._text = '';
    this._state = 'head';
    this._response = undefined;
    // One timer per connection, re-armed per request: a new Timeout per request costs an
    // allocation, an async-hook init and a destroy. Requests on a socket run one at a time, so
    // when it fires while busy, the current request started the timeout ago.
    if (this._timer) this._timer.refresh();
    else {
      this._timer = setTimeout(() => {
        if (this._current) this.socket.destroy(new Error(`request timed out after ${this._timeoutMs} ms`));
      }, this._timeoutMs);
      this._timer.unref();
    }
    // Corked: one writev syscall for head and body, and the body (the queued envelope bytes) is
    // never copied into a joined buffer (a large buffer per event is external memory that GC chases).
    const socket = this.socket;
    socket.cork();
    socket.write(Buffer.from(pending.head, 'latin1'));
    socket.write(pending.payload);
    socket.uncork();
  }

  private _read(chunk: Buffer): void {
    if (!this._current) {
      this.socket.destroy(); // bytes nobody asked for: the socket cannot be trusted for reuse
      return;
    }
    if (this._state === 'length') {
      this._remaining -= chunk.length;
      if (this._remaining <= 0) this._complete(this._remaining < 0);
      return;
    }
    if (this._state === 'close') return;
    this._text += chunk.toString('latin1');
    if (this._state === 'head') this._parseHead();
    if (this._state === 'chunked') this._parseChunks();
  }

  private _parseHead(): void {
    const end = this._text.indexOf(HEADER_END);
    if (end < 0) {
      if (this._text.length > 64 * 1024) this.socket.destroy(new Error('response head too large'));
      return;
    }
    const lines = this._text.slice(0, end).split('\r\n');
    this._text = this._text.slice(end + 4);
    const status = /^HTTP\/1\.([01]) (\d{3})/.exec(lines[0] ?? '');
    if (!status) {
      this.socket.destroy(new Error('malformed HTTP response'));
      return;
    }
    const statusCode = Number(status[2]);
    const headers = new Map<string, string>();
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] as string;
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    if (statusCode < 200) {
      this._parseHead(); // 100 Continue and friends: the real response follows
      return;
    }
    const connection = headers.get('connection')?.toLowerCase();
    this.keepAlive = status[1] === '1' ? connection !== 'close' : connection === 'keep-alive';
    this._response = { statusCode, headers };
    const length = headers.get('content-length');
    if (statusCode === 204 || statusCode === 304 || length === '0') {
      this._complete(this._text.length > 0);
    } else if (headers.get('transfer-encoding')?.toLowerCase().includes('chunked')) {
      this._state = 'chunked';
    } else if (length !== undefined && /^\d+$/.test(length)) {
      this._state = 'length';
      this._remaining = Number(length) - this._text.length;
      this._text = '';
      if (this._remaining <= 0) this._complete(this._remaining < 0);
    } else {
      this._state = 'close'; // the body ends with the connection
      this.keepAlive = false;
    }
  }

  /** Skips chunks up to the last one and its trailers. */
  private _parseChunks(): void {
    for (;;) {
      const eol = this._text.indexOf('\r\n');
      if (eol < 0) return;
      const size = Number.parseInt(this._text.slice(0, eol), 16);
      if (Number.isNaN(size)) {
        this.socket.destroy(new Error('malformed chunked response'));
        return;
      }
      if (size === 0) {
        const rest = this._text.slice(eol + 2);
        if (rest.startsWith('\r\n')) {
          this._complete(rest.length > 2);
          return;
        }
        const trailersEnd = rest.indexOf(HEADER_END);
        if (trailersEnd >= 0) this._complete(rest.length > trailersEnd + 4);
        return;
      }
      if (this._text.length < eol + 2 + size + 2) return;
      this._text = this._text.slice(eol + 2 + size + 2);
    }
  }

  private _end(): void {
    if (this._state === 'close' && this._response) this._complete(false);
    else this._fail(HANG_UP);
  }

  /** A response arrived whole; `extra`: bytes beyond it, which make the socket unusable. */
  private _complete(extra: boolean): void {
    const pending = this._current;
    const response = this._response;
    if (!pending || !response) return;
    this._current = undefined; // its timer stays armed: it fires on an idle socket harmlessly
    this._text = '';
    this.used += 1;
    pending.resolve({ ok: true, response });
    if (extra || !this.keepAlive) this.socket.destroy();
    else this._onIdle(this);
  }

  private _fail(error: Error): void {
    if (!this.dead) {
      this.dead = true;
      this._onDead(this);
    }
    const pending = this._current;
    if (!pending) return;
    clearTimeout(this._timer);
    this._current = undefined;
    // Nothing came back on a socket that served before: the server closed it as we reused it,
    // so the request never reached it and may be sent again.
    const code = (error as NodeJS.ErrnoException).code;
    const stale = this.used > 0 && !this._response && this._text === '';
    const reset =
      code === 'ECONNRESET' || code === 'EPIPE' || error === HANG_UP || error.message === 'socket closed';
    pending.resolve({ ok: false, error, retryable: stale && reset });
    this.socket.destroy();
  }
}

export interface WireClient {
  post(payload: Buffer, extraHeaders: string): Promise<WireResult>;
  destroy(): void;
}

export function createWireClient(options: WireClientOptions): WireClient {
  const { target, timeoutMs, idleTimeoutMs, maxSockets } = options;
  const secure = target.protocol === 'https:';
  const host = target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname;
  const port = Number(target.port) || (secure ? 443 : 80);
  let prefix = `POST ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nConnection: keep-alive\r\n`;
  for (const [name, value] of Object.entries(options.headers)) prefix += `${name}: ${value}\r\n`;

  const idle: Connection[] = [];
  const all = new Set<Connection>();
  const waiting: Pending[] = [];
  let destroyed = false;

  const onIdle = (conn: Connection): void => {
    const next = waiting.shift();
    if (next) {
      conn.start(next);
      return;
    }
    idle.push(conn);
  };
  const onDead = (conn: Connection): void => {
    all.delete(conn);
    const i = idle.indexOf(conn);
    if (i >= 0) idle.splice(i, 1);
    const next = waiting.shift();
    if (next && !destroyed) dispatch(next);
  };

  const connect = (): Connection => {
    const socket = secure
      ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, ca: options.ca })
      : net.connect({ host, port });
    // Set once: activity resets it, and a busy socket ignores it (its request has a deadline).
    socket.setTimeout(idleTimeoutMs);
    const conn = new Connection(socket, timeoutMs, onIdle, onDead);
    all.add(conn);
    return conn;
  };

  const dispatch = (pending: Pending): void => {
    const conn = idle.pop();
    if (conn) conn.start(pending);
    else if (all.size < maxSockets) connect().start(pending);
    else waiting.push(pending);
  };

  return {
    post(payload, extraHeaders) {
      return new Promise<WireResult>((resolve) => {
        if (destroyed) {
          resolve({ ok: false, error: new Error('transport closed'), retryable: false });
          return;
        }
        const head = `${prefix}${extraHeaders}Content-Length: ${payload.length}\r\n\r\n`;
        dispatch({ head, payload, resolve });
      });
    },
    destroy() {
      destroyed = true;
      for (const pending of waiting.splice(0)) {
        pending.resolve({ ok: false, error: new Error('transport closed'), retryable: false });
      }
      for (const conn of [...all]) conn.socket.destroy(new Error('transport closed'));
    },
  };
}
