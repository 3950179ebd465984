// The flush a function platform needs before it freezes or kills the process: spans still in the
// tracer provider's processors first (they may become transactions or carry recorded exceptions),
// then the events in the transport. Bounded, never rejects.
import { trace } from '@opentelemetry/api';
import { flush } from '../api.js';
import { debug } from '../utils/debug.js';
import { safeGet } from '../utils/is.js';
import { safeAsync } from '../utils/safe.js';
import { withTimeout } from '../utils/timeout.js';

export const DEFAULT_FLUSH_TIMEOUT = 2000;

export function flushAll(timeoutMs: number): Promise<boolean> {
  return safeAsync(
    'flush',
    async () => {
      const deadline = Date.now() + timeoutMs;
      const provider = trace.getTracerProvider();
      const delegate = (safeGet(provider, 'getDelegate') as (() => unknown) | undefined)?.call(provider);
      const target = delegate ?? provider;
      const forceFlush = safeGet(target, 'forceFlush');
      if (typeof forceFlush === 'function') {
        const spans = Promise.resolve(forceFlush.call(target)).then(() => true);
        await withTimeout(spans, deadline);
      }
      return flush(Math.max(0, deadline - Date.now()));
    },
    false,
  );
}

/** A flush timeout option: a finite number ≥ 0, else the default. */
export function readTimeout(value: unknown, fallback: number): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (value !== undefined)
    debug.warn(`a timeout should be a number of ms ≥ 0, not ${String(value)}; using ${fallback}`);
  return fallback;
}
