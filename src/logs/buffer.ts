// Per-client buffer of captured logs. Sent as `log` envelope items of up to 100 logs (as
// @sentry/node batches them): a full batch is sent on the next turn of the event loop (or at
// once when a synchronous burst piles up 10 batches), the rest after 5 s by an unref'd timer,
// and everything on flush, close and exit (the client's flushables). The wire form is built
// here, off the caller's stack.
import type { Client, Flushable } from '../client.js';
import type { Envelope } from '../protocol/types.js';
import { debug } from '../utils/debug.js';
import { SDK_NAME, SDK_VERSION } from '../version.js';
import { serializeLog } from './serialize.js';
import type { PendingLog } from './types.js';

export const MAX_LOGS_PER_ITEM = 100;
/** A synchronous burst never holds more than this many logs: beyond, the caller sends batches. */
const MAX_BUFFERED = 10 * MAX_LOGS_PER_ITEM;
export const FLUSH_INTERVAL_MS = 5000;
/** Bytes of serialized logs per envelope (Relay takes 1 MiB per log item). */
const MAX_ITEM_BYTES = 800_000;

const buffers = new WeakMap<Client, LogBuffer>();

/** The client's log buffer, made (and registered as a flushable) on its first log. */
export function logBufferOf(client: Client): LogBuffer {
  let buffer = buffers.get(client);
  if (!buffer) {
    buffer = new LogBuffer(client);
    buffers.set(client, buffer);
    client.addFlushable(buffer);
  }
  return buffer;
}

export class LogBuffer implements Flushable {
  private _logs: PendingLog[] = [];
  private _timer: NodeJS.Timeout | undefined;
  private _immediate: NodeJS.Immediate | undefined;

  constructor(private readonly _client: Client) {}

  add(log: PendingLog): void {
    const logs = this._logs;
    logs.push(log);
    if (logs.length >= MAX_BUFFERED) {
      this._send(); // a synchronous burst: bound the memory it holds
    } else if (logs.length >= MAX_LOGS_PER_ITEM) {
      if (!this._immediate) {
        this._immediate = setImmediate(() => {
          this._immediate = undefined;
          this._send();
        });
        this._immediate.unref();
      }
    } else if (!this._timer) {
      this._timer = setTimeout(() => {
        this._timer = undefined;
        this._send();
      }, FLUSH_INTERVAL_MS);
      this._timer.unref();
    }
  }

  pending(): boolean {
    return this._logs.length > 0;
  }

  /** Sends what is buffered; resolves once the transport has handled it. */
  flush(timeoutMs?: number): Promise<boolean> {
    this._send();
    const transport = this._client.getTransport();
    return transport
      ? Promise.resolve(transport.flush(timeoutMs)).then(Boolean, () => false)
      : Promise.resolve(true);
  }

  private _send(): void {
    clearTimeout(this._timer);
    this._timer = undefined;
    const logs = this._logs;
    if (logs.length === 0) return;
    this._logs = [];
    let batch: string[] = [];
    let bytes = 0;
    for (const pending of logs) {
      const log = serializeLog(this._client, pending);
      if (!log) continue;
      const size = log.length;
      if (batch.length >= MAX_LOGS_PER_ITEM || (batch.length > 0 && bytes + size > MAX_ITEM_BYTES)) {
        this._sendBatch(batch);
        batch = [];
        bytes = 0;
      }
      batch.push(log);
      bytes += size;
    }
    if (batch.length > 0) this._sendBatch(batch);
  }

  /** `items`: each log already as JSON, joined into the payload without a second stringify. */
  private _sendBatch(items: string[]): void {
    const envelope: Envelope = [
      { sdk: { name: SDK_NAME, version: SDK_VERSION } },
      [
        [
          { type: 'log', item_count: items.length, content_type: 'application/vnd.sentry.items.log+json' },
          `{"version":2,"items":[${items.join(',')}]}`,
        ],
      ],
    ];
    try {
      this._client.sendEnvelope(envelope);
    } catch (err) {
      debug.error('logs could not be sent:', err);
    }
  }
}
