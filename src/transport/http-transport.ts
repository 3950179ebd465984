// The default transport: a bounded queue drained concurrently over node:http/https, Sentry rate
// limits, client-report accounting for every item it cannot deliver, and an optional disk
// buffer for envelopes that failed on a network error.
import { parseEnvelope, serializeEnvelope } from '../protocol/envelope.js';
import type { Envelope, EnvelopeHeaders, Outcome } from '../protocol/types.js';
import { debug } from '../utils/debug.js';
import { safe, safeAsync } from '../utils/safe.js';
import { OfflineStore } from './offline-store.js';
import { TaskQueue } from './queue.js';
import { type ItemCost, itemCosts, type RateLimits, sendableItems, updateRateLimits } from './rate-limits.js';
import { createRequestExecutor, type RequestExecutor } from './request.js';
import type { Transport, TransportOptions } from './types.js';

export const DEFAULT_QUEUE_SIZE = 10_000;
export const DEFAULT_QUEUE_BYTES = 50 * 1024 * 1024;
export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_OFFLINE_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_RETRY_DELAY_MS = 5_000;
export const DEFAULT_MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

/** An envelope ready to go: items serialized once, the header line written at send time. */
interface Outgoing {
  headers: EnvelopeHeaders;
  /** The serialized items: everything after the envelope header line. */
  items: Buffer;
  costs: ItemCost[];
}

type Delivery = 'sent' | 'dropped' | 'network_error';

const NEWLINE = 0x0a;

export function createHttpTransport(options: TransportOptions): Transport {
  const user = options.transportOptions ?? {};
  const queueSize = positive(user.queueSize, DEFAULT_QUEUE_SIZE);
  const concurrency = positive(user.concurrency, DEFAULT_CONCURRENCY);
  const limits: RateLimits = new Map();
  let closed = false;
  let lastProblem: string | undefined;

  let executor: RequestExecutor;
  try {
    executor = createRequestExecutor({
      url: options.url,
      headers: { ...user.headers, ...options.headers },
      timeoutMs: positive(user.timeout, DEFAULT_TIMEOUT_MS),
      maxSockets: concurrency,
      proxy: user.proxy,
      caCerts: user.caCerts,
    });
  } catch (err) {
    debug.alwaysWarn(`cannot send to ${options.url}, events will be dropped:`, err);
    executor = { send: async () => ({ ok: false, error: new Error('no endpoint') }), destroy() {} };
  }

  const record = (reason: Outcome, costs: readonly ItemCost[]): void => {
    for (const cost of costs) {
      if (cost.category === 'internal') continue; // client reports are never reported
      options.recordDroppedEvent(reason, cost.category, cost.quantity);
      if (cost.spans) options.recordDroppedEvent(reason, 'span', cost.spans);
    }
  };

  // Logs a failure once per change of kind, not once per envelope of a 20 000-event burst.
  const noteProblem = (problem: string | undefined, ...details: unknown[]): void => {
    if (problem !== undefined && problem !== lastProblem) debug.warn(`transport: ${problem}`, ...details);
    lastProblem = problem;
  };

  /** Serializes an envelope once, dropping items whose category is rate limited. */
  const prepare = (envelope: Envelope): Outgoing | undefined => {
    const [headers, items] = envelope;
    const costs = itemCosts(items);
    const keep = sendableItems(limits, costs);
    if (keep.length < items.length) {
      record(
        'ratelimit_backoff',
        costs.filter((_, i) => !keep.includes(i)),
      );
      if (keep.length === 0) return undefined;
    }
    const kept = keep.length < items.length ? keep.map((i) => items[i] as Envelope[1][number]) : items;
    return {
      headers,
      items: serializeItems(kept),
      costs: keep.length < costs.length ? keep.map((i) => costs[i] as ItemCost) : costs,
    };
  };

  const deliver = async (outgoing: Outgoing, fromStore: boolean): Promise<Delivery> => {
    let { items, costs } = outgoing;
    // A limit may have arrived while this envelope waited in the queue.
    const keep = sendableItems(limits, costs);
    if (keep.length < costs.length) {
      record(
        'ratelimit_backoff',
        costs.filter((_, i) => !keep.includes(i)),
      );
      if (keep.length === 0) return 'dropped';
      const reparsed = parseEnvelope(Buffer.concat([Buffer.from('{}\n'), items]));
      if (!reparsed.ok) return 'dropped';
      items = serializeItems(keep.map((i) => reparsed.envelope[1][i] as Envelope[1][number]));
      costs = keep.map((i) => costs[i] as ItemCost);
    }
    const headerLine = `${JSON.stringify({ ...outgoing.headers, sent_at: new Date().toISOString() })}\n`;
    const body = Buffer.concat([Buffer.from(headerLine), items]);
    const res = await executor.send(body);

    if (!res.ok) {
      noteProblem('network error, envelopes are being dropped or stored:', res.error.message);
      if (fromStore) return 'network_error'; // stays on disk for the next attempt
      const lost = costs;
      if (store && !closed && (await store.put(body, () => record('cache_overflow', lost)))) {
        return 'network_error';
      }
      record('network_error', costs);
      return 'network_error';
    }
    updateRateLimits(limits, res);
    if (res.statusCode >= 200 && res.statusCode < 300) {
      noteProblem(undefined);
      store?.nudge();
      return 'sent';
    }
    if (res.statusCode === 429) {
      noteProblem('rate limited by Sentry (429), dropping until the limit expires');
      return 'dropped'; // Sentry counted these itself
    }
    if (res.statusCode === 413)
      debug.error(`transport: envelope of ${body.length} bytes rejected as too large`);
    else noteProblem(`Sentry answered ${res.statusCode}, envelopes are being dropped`);
    record('send_error', costs);
    return 'dropped';
  };

  const queue = new TaskQueue<Outgoing>({
    maxCount: queueSize,
    maxBytes: positive(user.queueBytes, DEFAULT_QUEUE_BYTES),
    concurrency,
    run: (outgoing) => deliver(outgoing, false),
  });

  const offline = user.offline;
  const store = offline?.dir
    ? new OfflineStore({
        dir: offline.dir,
        maxBytes: positive(offline.maxBytes, DEFAULT_OFFLINE_MAX_BYTES),
        retryDelayMs: positive(offline.retryDelayMs, DEFAULT_RETRY_DELAY_MS),
        maxRetryDelayMs: positive(offline.maxRetryDelayMs, DEFAULT_MAX_RETRY_DELAY_MS),
        resend: async (envelope) => {
          const outgoing = prepare(envelope);
          if (!outgoing || closed) return closed ? 'retry' : 'done';
          return (await deliver(outgoing, true)) === 'network_error' ? 'retry' : 'done';
        },
        onEvicted: (envelope) => record('cache_overflow', envelope ? itemCosts(envelope[1]) : []),
      })
    : undefined;

  let closing: Promise<boolean> | undefined;

  return {
    send(envelope: Envelope): void {
      if (closed) return;
      safe(
        'transport.send',
        () => {
          // Refuse before serializing: a full queue must stay cheap under a burst.
          if (queue.pending >= queueSize) {
            record('queue_overflow', itemCosts(envelope[1]));
            return;
          }
          const outgoing = prepare(envelope);
          if (outgoing && !queue.push(outgoing, outgoing.items.length))
            record('queue_overflow', outgoing.costs);
        },
        undefined,
      );
    },

    flush(timeoutMs?: number): Promise<boolean> {
      return safeAsync('transport.flush', () => queue.drain(timeoutMs), false);
    },

    hasPending(): boolean {
      return queue.pending > 0;
    },

    close(timeoutMs?: number): Promise<boolean> {
      closed = true;
      closing ??= safeAsync(
        'transport.close',
        async () => {
          const drained = await queue.drain(timeoutMs);
          if (!drained) {
            // Out of time: what never started is lost from the queue, what is in flight is
            // aborted below and counted as a network error by `deliver`.
            for (const outgoing of queue.clear()) record('queue_overflow', outgoing.costs);
          }
          executor.destroy();
          store?.close();
          if (!drained) await queue.drain(100); // let aborted requests record their loss
          return drained;
        },
        false,
      );
      return closing;
    },
  };
}

/**
 * The items of an envelope, serialized, in a buffer of their own: small buffers are slices of
 * Node's shared 8 KiB pool, and a queued slice would pin its whole slab and the garbage in it.
 */
function serializeItems(items: Envelope[1]): Buffer {
  const buf = serializeEnvelope([{}, items]);
  const start = buf.indexOf(NEWLINE) + 1;
  const own = Buffer.allocUnsafeSlow(buf.length - start);
  buf.copy(own, 0, start);
  return own;
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
