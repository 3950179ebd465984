// Buffers a client's metrics and sends them as one `trace_metric` envelope item, as @sentry/node
// 10 does: when 1000 are waiting, when their estimated weight passes 800 kB, 5 s after the first
// of a batch (an unref'd timer: it never holds the process), and on flush, close and exit (the
// buffer is one of the client's flushables, so `hasPending()` tells the exit flush to wait).
import type { Client, Flushable } from '../client.js';
import type { Envelope, SerializedMetric } from '../protocol/types.js';
import { debug } from '../utils/debug.js';
import { safe } from '../utils/safe.js';
import { SDK_NAME, SDK_VERSION } from '../version.js';

export const MAX_METRICS_PER_ITEM = 1000;
const MAX_WEIGHT = 800_000;
const FLUSH_INTERVAL_MS = 5000;
export const METRIC_CONTENT_TYPE = 'application/vnd.sentry.items.trace-metric+json';

export class MetricBuffer implements Flushable {
  private _metrics: SerializedMetric[] = [];
  private _weight = 0;
  private _timer: NodeJS.Timeout | undefined;

  constructor(private readonly _client: Client) {}

  add(metric: SerializedMetric): void {
    this._metrics.push(metric);
    this._weight += weightOf(metric);
    if (this._metrics.length >= MAX_METRICS_PER_ITEM || this._weight >= MAX_WEIGHT) {
      this.send();
    } else if (!this._timer) {
      this._timer = setTimeout(() => safe('metrics flush', () => this.send(), undefined), FLUSH_INTERVAL_MS);
      this._timer.unref();
    }
  }

  /** Hands the waiting metrics to the client's transports. */
  send(): void {
    clearTimeout(this._timer);
    this._timer = undefined;
    const items = this._metrics;
    if (items.length === 0) return;
    this._metrics = [];
    this._weight = 0;
    debug.log(`sending ${items.length} metric(s)`);
    const envelope: Envelope = [
      { sdk: { name: SDK_NAME, version: SDK_VERSION } },
      [
        [
          { type: 'trace_metric', item_count: items.length, content_type: METRIC_CONTENT_TYPE },
          { version: 2, items },
        ],
      ],
    ];
    this._client.sendEnvelope(envelope);
  }

  pending(): boolean {
    return this._metrics.length > 0;
  }

  /** Sends what waits, then waits for the transport (its own flush may have run before this send). */
  flush(timeoutMs?: number): Promise<boolean> {
    const had = this.pending();
    this.send();
    const transport = this._client.getTransport();
    if (!had || !transport) return Promise.resolve(true);
    return Promise.resolve(transport.flush(timeoutMs)).catch(() => false);
  }
}

/** @sentry/node's size estimate: UTF-16 bytes of the texts, 8 per number, 4 per boolean. */
function weightOf(metric: SerializedMetric): number {
  let weight = metric.name.length * 2 + 8;
  for (const [key, attr] of Object.entries(metric.attributes)) {
    weight += key.length * 2;
    const v = attr.value;
    if (typeof v === 'string') weight += v.length * 2;
    else if (typeof v === 'number') weight += 8;
    else if (typeof v === 'boolean') weight += 4;
    else weight += 100;
  }
  return weight;
}
