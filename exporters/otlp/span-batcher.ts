// The batching between SentrySpanProcessor and the OTLP exporter for `tracesVia: 'otlp'`:
// finished spans wait in a bounded queue (a full queue drops, counted as `queue_overflow`) and
// leave in batches, when a batch is full or after a short delay, with one export in flight at a
// time. `flush()` sends what waits, for the client's flush and the exit flush.
import type { Outcome } from '../../src/protocol/types.js';
import { debug } from '../../src/utils/debug.js';
import type { ExportResult, OtlpExporter } from './sentry-otlp-exporter.js';

export const MAX_QUEUE = 2048;
export const MAX_BATCH = 512;
export const DELAY_MS = 1000;

export class SpanBatcher<T> {
  private _queue: T[] = [];
  private _timer: NodeJS.Timeout | undefined;
  private _inFlight: Promise<void> | undefined;

  constructor(
    private readonly _exporter: OtlpExporter<T>,
    private readonly _onDrop: (reason: Outcome, count: number) => void,
  ) {}

  add(item: T): void {
    if (this._queue.length >= MAX_QUEUE) {
      this._onDrop('queue_overflow', 1);
      return;
    }
    this._queue.push(item);
    if (this._queue.length >= MAX_BATCH) void this._sendNext();
    else this._sendLater();
  }

  /** Whether spans wait or are being sent. */
  pending(): boolean {
    return this._queue.length > 0 || this._inFlight !== undefined;
  }

  /** Sends every waiting span; false when `timeoutMs` passed first. */
  async flush(timeoutMs = 5000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending()) {
      const step = this._inFlight ?? this._sendNext();
      const left = deadline - Date.now();
      if (!step || left <= 0) return !this.pending();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), left);
        timer.unref();
      });
      const late = await Promise.race([step.then(() => false), timedOut]);
      clearTimeout(timer);
      if (late) return false;
    }
    return true;
  }

  /** Starts one export if none is in flight; returns it. */
  private _sendNext(): Promise<void> | undefined {
    if (this._inFlight !== undefined) return this._inFlight;
    if (this._timer) {
      clearTimeout(this._timer);
      this._timer = undefined;
    }
    if (this._queue.length === 0) return undefined;
    const batch = this._queue.splice(0, MAX_BATCH);
    const sending = new Promise<void>((resolve) => {
      // The exporter counts and logs its own failures; it never throws and always calls back.
      this._exporter.export(batch, (_result: ExportResult) => resolve());
    }).then(
      () => {
        this._inFlight = undefined;
        if (this._queue.length >= MAX_BATCH) void this._sendNext();
        else if (this._queue.length > 0) this._sendLater();
      },
      (err: unknown) => {
        this._inFlight = undefined;
        debug.error('OTLP span batch failed:', err);
      },
    );
    this._inFlight = sending;
    return sending;
  }

  private _sendLater(): void {
    if (this._timer) return;
    this._timer = setTimeout(() => {
      this._timer = undefined;
      void this._sendNext();
    }, DELAY_MS);
    this._timer.unref();
  }
}
