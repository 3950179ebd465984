// Per-client buffer of captured logs, sent as `log` envelope items of up to 100 logs (as
// @sentry/node batches them). Full batches go out on a later turn of the event loop, a few at a
// time, each round waiting (briefly) for the transport to take the last: a synchronous burst of
// 100 000 logs reaches Sentry whole instead of overflowing the transport's queue. The rest goes
// after 5 s (an unref'd timer), and everything on flush, close and exit (a client flushable).
// The wire form is built here, off the caller's stack.
import type { Client, Flushable } from '../client.js';
import type { Envelope } from '../protocol/types.js';
import { debug } from '../utils/debug.js';
import { SDK_NAME, SDK_VERSION } from '../version.js';
import { serializeLog } from './serialize.js';
import type { PendingLog } from './types.js';

export const MAX_LOGS_PER_ITEM = 100;
/** Logs held at most (about 25 MB in the worst case); beyond, new logs are dropped and counted. */
export const MAX_BUFFERED = 100_000;
export const FLUSH_INTERVAL_MS = 5000;
/** Batches handed to the transport per round (about 1 MB). */
const BATCHES_PER_ROUND = 20;
/** Longest wait for the transport between rounds: a dead network must not stall the buffer. */
const ROUND_WAIT_MS = 2000;
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
  private _scheduled = false;
  private _draining: Promise<void> | undefined;
  private _overflow = 0;

  constructor(private readonly _client: Client) {}

  add(log: PendingLog): void {
    const logs = this._logs;
    if (logs.length >= MAX_BUFFERED) {
      this._overflow++;
      this._scheduleDrain();
      return;
    }
    logs.push(log);
    if (logs.length >= MAX_LOGS_PER_ITEM) this._scheduleDrain();
    else if (!this._timer) {
      this._timer = setTimeout(() => {
        this._timer = undefined;
        void this._drain(true, Date.now() + FLUSH_INTERVAL_MS);
      }, FLUSH_INTERVAL_MS);
      this._timer.unref();
    }
  }

  pending(): boolean {
    return this._logs.length > 0 || this._draining !== undefined;
  }

  /** Sends everything buffered; resolves once the transport has handled it (false on timeout). */
  async flush(timeoutMs?: number): Promise<boolean> {
    const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
    await this._drain(true, deadline);
    const transport = this._client.getTransport();
    if (!transport) return true;
    const left = deadline === undefined ? undefined : Math.max(0, deadline - Date.now());
    return Promise.resolve(transport.flush(left)).then(Boolean, () => false);
  }

  private _scheduleDrain(): void {
    if (this._scheduled) return;
    this._scheduled = true;
    setImmediate(() => {
      this._scheduled = false;
      void this._drain(false, undefined);
    }).unref();
  }

  /** Sends full batches (`all`: every log), a round at a time; one drain runs at once. */
  private async _drain(all: boolean, deadline: number | undefined): Promise<void> {
    while (this._draining !== undefined) await this._draining;
    const run = this._rounds(all, deadline).catch((err: unknown) =>
      debug.error('logs could not be sent:', err),
    );
    this._draining = run;
    await run;
    this._draining = undefined;
  }

  private async _rounds(all: boolean, deadline: number | undefined): Promise<void> {
    if (all) {
      clearTimeout(this._timer);
      this._timer = undefined;
    }
    this._reportOverflow();
    while (this._logs.length >= (all ? 1 : MAX_LOGS_PER_ITEM)) {
      const late = deadline !== undefined && Date.now() >= deadline;
      // Out of time: the rest goes to the transport at once (which counts what it cannot take).
      const take = late ? this._logs.length : BATCHES_PER_ROUND * MAX_LOGS_PER_ITEM;
      const count = all
        ? Math.min(take, this._logs.length)
        : Math.min(take, this._logs.length - (this._logs.length % MAX_LOGS_PER_ITEM));
      this._send(this._logs.splice(0, count));
      this._reportOverflow();
      if (this._logs.length === 0 || late) break;
      const transport = this._client.getTransport();
      const wait = Math.min(
        ROUND_WAIT_MS,
        deadline === undefined ? ROUND_WAIT_MS : Math.max(0, deadline - Date.now()),
      );
      if (transport?.pending?.()) await Promise.resolve(transport.flush(wait)).catch(() => false);
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (!all && this._logs.length > 0 && !this._timer) {
      this._timer = setTimeout(() => {
        this._timer = undefined;
        void this._drain(true, Date.now() + FLUSH_INTERVAL_MS);
      }, FLUSH_INTERVAL_MS);
      this._timer.unref();
    }
  }

  private _reportOverflow(): void {
    if (this._overflow === 0) return;
    debug.warn(`${this._overflow} logs dropped: more than ${MAX_BUFFERED} waiting to be sent`);
    this._client.recordDroppedEvent('queue_overflow', 'log_item', this._overflow);
    this._overflow = 0;
  }

  private _send(logs: PendingLog[]): void {
    let batch: string[] = [];
    let bytes = 0;
    for (const pending of logs) {
      const log = serializeLog(this._client, pending);
      if (!log) continue;
      if (batch.length >= MAX_LOGS_PER_ITEM || (batch.length > 0 && bytes + log.length > MAX_ITEM_BYTES)) {
        this._sendBatch(batch);
        batch = [];
        bytes = 0;
      }
      batch.push(log);
      bytes += log.length;
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
