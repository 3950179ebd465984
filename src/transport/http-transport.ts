// The default transport: a bounded queue drained concurrently over node:http/https, Sentry rate
// limits, client-report accounting for every item it cannot deliver, and an optional disk
// buffer for envelopes that failed on a network error.
import { parseEnvelope, serializeEnvelope } from '../protocol/envelope.js';
import type { Envelope, EnvelopeHeaders, Outcome } from '../protocol/types.js';
import { debug } from '../utils/debug.js';
import { safe, safeAsync } from '../utils/safe.js';
import { isoNow } from '../utils/time.js';
import { OfflineStore } from './offline-store.js';
import { TaskQueue } from './queue.js';
import { type ItemCost, itemCosts, type RateLimits, sendableItems, updateRateLimits } from './rate-limits.js';
import { createRequestExecutor, type RequestExecutor } from './request.js';
import type { Transport, TransportOptions } from './types.js';

export const DEFAULT_QUEUE_SIZE = 10_000;
// The queue's bound once Sentry has accepted an envelope: 16 MiB holds a burst of ~1 800 events of
// 9 KB, so a sustained error rate the network keeps up with loses nothing to short stalls.
export const DEFAULT_QUEUE_BYTES = 16 * 1024 * 1024;
// The bound until then, and again while the network fails: what a dead DSN can make the SDK hold.
// Small, because what a burst queues survives V8's scavenges and makes it grow its young generation
// (16 MiB of envelopes grew RSS by ~80 MB; at 4 MiB a 20 000-capture burst still tipped it).
export const UNPROVEN_QUEUE_BYTES = 2 * 1024 * 1024;
// Above the requests an app serves at once: each in-flight request completes at most once per
// event-loop turn, so with fewer slots than the app's concurrent captures the queue only grows.
export const DEFAULT_CONCURRENCY = 32;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_OFFLINE_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_RETRY_DELAY_MS = 5_000;
export const DEFAULT_MAX_RETRY_DELAY_MS = 60 * 60 * 1000;
/** After a network error, the queue waits this long (doubling up to the max) before a probe. */
export const NETWORK_BACKOFF_MS = 1_000;
export const MAX_NETWORK_BACKOFF_MS = 60_000;

/**
 * An envelope ready to go, serialized once into a buffer of its own (compact while queued: no
 * object tree is retained); its header line ends with a `sent_at` placeholder, overwritten in
 * place at send time (no header re-decoded, no second buffer, no copy of the body).
 */
interface Outgoing {
  bytes: Buffer;
  /** Offset of the placeholder's first character. */
  sentAt: number;
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
  // Network health. While down, nothing is sent (the queue holds, or the disk takes envelopes)
  // rather than failing envelope after envelope against a dead endpoint.
  let backoffMs = 0;
  let downUntil = 0;
  let generation = 0; // bumped on every change, so one failed batch backs off only once

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
  const prepare = (
    envelope: Envelope,
    payloadJson?: ReadonlyArray<string | undefined>,
  ): Outgoing | undefined => {
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
    if (keep.length === items.length) return pack(headers, items, costs, payloadJson);
    return pack(
      headers,
      keep.map((i) => items[i] as Envelope[1][number]),
      keep.map((i) => costs[i] as ItemCost),
      payloadJson && keep.map((i) => payloadJson[i]),
    );
  };

  const networkFailed = (startedIn: number): void => {
    if (startedIn !== generation) return; // a request of the batch that already backed off
    generation += 1;
    backoffMs = backoffMs ? Math.min(backoffMs * 2, MAX_NETWORK_BACKOFF_MS) : NETWORK_BACKOFF_MS;
    downUntil = Date.now() + backoffMs;
    if (!store) queue.backOff(backoffMs);
    queue.setMaxBytes(unprovenBytes);
  };

  const networkWorks = (): void => {
    if (backoffMs === 0) return;
    generation += 1;
    backoffMs = 0;
    downUntil = 0;
    queue.reopen();
  };

  /** Keeps an envelope on disk; false if there is no store or it could not be written. */
  const keepOnDisk = async (body: Buffer, costs: readonly ItemCost[]): Promise<boolean> =>
    !!store && (await store.put(body, () => record('cache_overflow', costs)));

  const deliver = async (queued: Outgoing, fromStore: boolean): Promise<Delivery> => {
    let outgoing = queued;
    // A limit may have arrived while this envelope waited in the queue.
    const keep = sendableItems(limits, outgoing.costs);
    if (keep.length < outgoing.costs.length) {
      record(
        'ratelimit_backoff',
        outgoing.costs.filter((_, i) => !keep.includes(i)),
      );
      const parsed = keep.length === 0 ? undefined : parseEnvelope(outgoing.bytes);
      if (!parsed?.ok) return 'dropped';
      const [headers, items] = parsed.envelope;
      outgoing = pack(
        headers,
        keep.map((i) => items[i] as Envelope[1][number]),
        keep.map((i) => outgoing.costs[i] as ItemCost),
      );
    }
    const { costs } = outgoing;
    const bytes = wireForm(outgoing);
    // Network down and a disk buffer: straight to disk, the store re-sends when it is back.
    if (!fromStore && downUntil > Date.now() && (await keepOnDisk(bytes, costs))) return 'network_error';
    const startedIn = generation;
    const res = await executor.send(bytes);

    if (!res.ok) {
      noteProblem('network error, envelopes are being dropped or stored:', res.error.message);
      if (fromStore) return 'network_error'; // stays on disk for the next attempt
      networkFailed(startedIn);
      if (!(await keepOnDisk(bytes, costs))) record('network_error', costs);
      return 'network_error';
    }
    networkWorks();
    updateRateLimits(limits, res);
    if (res.statusCode >= 200 && res.statusCode < 300) {
      queue.setMaxBytes(queueBytes); // Sentry answers: the full bound
      noteProblem(undefined);
      store?.nudge();
      return 'sent';
    }
    if (res.statusCode === 429) {
      noteProblem('rate limited by Sentry (429), dropping until the limit expires');
      return 'dropped'; // Sentry counted these itself
    }
    if (res.statusCode === 413) {
      debug.error(`transport: envelope of ${bytes.length} bytes rejected as too large`);
    } else {
      noteProblem(`Sentry answered ${res.statusCode}, envelopes are being dropped`);
    }
    record('send_error', costs);
    return 'dropped';
  };

  const queueBytes = positive(user.queueBytes, DEFAULT_QUEUE_BYTES);
  /** The size of the last envelope serialized: a queue this close to full refuses before serializing. */
  let lastBytes = 0;
  // A queueBytes the user set is the bound at all times: they chose what the SDK may hold.
  const unprovenBytes = positive(user.queueBytes, 0) || UNPROVEN_QUEUE_BYTES;
  const queue = new TaskQueue<Outgoing>({
    maxCount: queueSize,
    maxBytes: unprovenBytes,
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
    send(envelope: Envelope, payloadJson?: ReadonlyArray<string | undefined>): void {
      if (closed) return;
      safe(
        'transport.send',
        () => {
          // Client reports always get in: refused by a full queue, the count of what it lost
          // would be lost with them.
          const report = envelope[1].length > 0 && envelope[1].every(([h]) => h.type === 'client_report');
          // Refuse before serializing: a full queue must stay cheap under a burst, and leave no
          // garbage buffers behind (full by count, or too full for an envelope like the last one).
          const fullByBytes = queue.pending > 0 && queue.bytes + lastBytes > queue.maxBytes;
          if (!report && (queue.pending >= queueSize || fullByBytes)) {
            record('queue_overflow', itemCosts(envelope[1]));
            return;
          }
          const outgoing = prepare(envelope, payloadJson);
          if (outgoing && !report) lastBytes = outgoing.bytes.length;
          if (outgoing && !queue.push(outgoing, outgoing.bytes.length, report)) {
            record('queue_overflow', outgoing.costs);
          }
        },
        undefined,
      );
    },

    flush(timeoutMs?: number): Promise<boolean> {
      return safeAsync('transport.flush', () => queue.drain(timeoutMs), false);
    },

    pending(): boolean {
      return queue.pending > 0;
    },

    close(timeoutMs?: number): Promise<boolean> {
      closed = true;
      closing ??= safeAsync(
        'transport.close',
        async () => {
          const drained = await queue.drain(timeoutMs);
          if (!drained) {
            // Out of time. What never started waited on a slow or dead network: it goes to disk
            // if there is one, else it is lost as a network error. What is in flight is aborted
            // below and `deliver` handles it the same way.
            for (const o of queue.clear()) {
              if (!(await keepOnDisk(wireForm(o), o.costs))) record('network_error', o.costs);
            }
          }
          executor.destroy();
          if (!drained) await queue.drain(100); // let aborted requests record their loss
          store?.close();
          return drained;
        },
        false,
      );
      return closing;
    },
  };
}

// The width of every ISO date of years 0 to 9999, so the placeholder takes the real value's place.
const SENT_AT_PLACEHOLDER = new Date(0).toISOString();
// From the end of the header line (before its newline): `"<placeholder>"}`.
const SENT_AT_FROM_END = SENT_AT_PLACEHOLDER.length + 2;

/** Serializes an envelope into a buffer of its own, `sent_at` a placeholder (set when sent). */
function pack(
  headers: EnvelopeHeaders,
  items: Envelope[1],
  costs: ItemCost[],
  payloadJson?: ReadonlyArray<string | undefined>,
): Outgoing {
  let clean = headers;
  if (headers.sent_at !== undefined) {
    const { sent_at: _stale, ...rest } = headers; // from the disk buffer: replaced when re-sent
    clean = rest;
  }
  // Last key of the header line, as it was when spliced in at send time.
  const withSentAt = Object.assign({}, clean, { sent_at: SENT_AT_PLACEHOLDER });
  // A buffer of its own (serializeEnvelope's contract): queued, it pins no pooled slab.
  const bytes = serializeEnvelope([withSentAt, items], payloadJson);
  return { bytes, sentAt: bytes.indexOf(NEWLINE) - SENT_AT_FROM_END, costs };
}

/** The bytes to send: the envelope with `sent_at` (now) written over its placeholder. */
function wireForm(outgoing: Outgoing): Buffer {
  const now = isoNow();
  const { bytes, sentAt } = outgoing;
  if (now.length === SENT_AT_PLACEHOLDER.length) {
    // 24 ASCII characters: a loop costs less than a call into Buffer's encoder.
    for (let i = 0; i < now.length; i++) bytes[sentAt + i] = now.charCodeAt(i);
    return bytes;
  }
  // A year past 9999 does not fit the placeholder: the header line is rebuilt around it.
  const header = bytes.toString('utf8', 0, sentAt - 1);
  return Buffer.concat([
    Buffer.from(`${header}${JSON.stringify(now)}}`),
    bytes.subarray(sentAt + SENT_AT_FROM_END),
  ]);
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
