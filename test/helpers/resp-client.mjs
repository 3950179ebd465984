// A minimal Redis client (RESP2 over TCP) with the surface of Bun's built-in `RedisClient`, which
// BullMQ 6 adapts itself (`connection: new RespClient({ port })`). It stands in for ioredis, which
// BullMQ needs but this repo's dev dependencies lack. Talks to a real redis-server: not a mock.
import { connect } from 'node:net';

export class RespClient {
  /** @param {{ host?: string, port: number }} options */
  constructor(options) {
    this.options = { host: '127.0.0.1', ...options };
    this.connected = false;
    this.onconnect = undefined;
    this.onclose = undefined;
    this.onerror = undefined;
    this._socket = undefined;
    this._pending = [];
    this._buffer = Buffer.alloc(0);
  }

  connect() {
    if (this._connecting) return this._connecting;
    this._connecting = new Promise((resolve, reject) => {
      const socket = connect(this.options.port, this.options.host);
      socket.setNoDelay(true);
      this._socket = socket;
      socket.once('connect', () => {
        // Like a timer: holds the process open only while a reply is awaited. BullMQ leaves a
        // client it was given open on close(); an idle one must not keep the app running.
        if (this._pending.length === 0) socket.unref();
        this.connected = true;
        this.onconnect?.();
        resolve();
      });
      socket.on('data', (chunk) => this._read(chunk));
      socket.once('error', (err) => {
        if (!this.connected) reject(err);
        this.onerror?.(err);
      });
      socket.once('close', () => {
        const wasConnected = this.connected;
        this.connected = false;
        for (const p of this._pending.splice(0)) p.reject(new Error('Connection closed'));
        if (wasConnected) this.onclose?.(this._closing ? undefined : new Error('Connection closed'));
      });
    });
    return this._connecting;
  }

  duplicate() {
    return new RespClient(this.options);
  }

  /** BullMQ tells a client instance from connection options by connect/disconnect/duplicate. */
  disconnect() {
    this.close();
  }

  close() {
    this._closing = true;
    this._socket?.end();
    this._socket?.destroy();
  }

  /** @param {string} command @param {unknown[]} args */
  send(command, args = []) {
    if (!this._socket || this._socket.destroyed) return Promise.reject(new Error('Connection closed'));
    const parts = [command, ...args].map((a) => (Buffer.isBuffer(a) ? a : Buffer.from(String(a))));
    const chunks = [Buffer.from(`*${parts.length}\r\n`)];
    for (const p of parts) chunks.push(Buffer.from(`$${p.length}\r\n`), p, Buffer.from('\r\n'));
    return new Promise((resolve, reject) => {
      if (this._pending.length === 0) this._socket.ref();
      this._pending.push({ resolve, reject });
      this._socket.write(Buffer.concat(chunks));
    });
  }

  _read(chunk) {
    this._buffer = this._buffer.length ? Buffer.concat([this._buffer, chunk]) : chunk;
    for (;;) {
      const parsed = parse(this._buffer, 0);
      if (!parsed) return;
      this._buffer = this._buffer.subarray(parsed.end);
      const pending = this._pending.shift();
      if (this._pending.length === 0) this._socket?.unref();
      if (parsed.value instanceof Error) pending?.reject(parsed.value);
      else pending?.resolve(parsed.value);
    }
  }
}

/** One RESP2 reply from `buf` at `at`: its value and where it ends, or undefined if incomplete. */
function parse(buf, at) {
  const lineEnd = buf.indexOf('\r\n', at);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buf[at]);
  const line = buf.toString('utf8', at + 1, lineEnd);
  const next = lineEnd + 2;
  if (type === '+') return { value: line, end: next };
  if (type === '-') return { value: new Error(line), end: next };
  if (type === ':') return { value: Number(line), end: next };
  if (type === '$') {
    const len = Number(line);
    if (len < 0) return { value: null, end: next };
    if (buf.length < next + len + 2) return undefined;
    return { value: buf.toString('utf8', next, next + len), end: next + len + 2 };
  }
  if (type === '*') {
    const count = Number(line);
    if (count < 0) return { value: null, end: next };
    const values = [];
    let end = next;
    for (let i = 0; i < count; i++) {
      const item = parse(buf, end);
      if (!item) return undefined;
      values.push(item.value);
      end = item.end;
    }
    return { value: values, end };
  }
  throw new Error(`unexpected RESP type ${type}`);
}
