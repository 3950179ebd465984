// `withMonitor`: check-in `in_progress`, run the job, then `ok` or `error` with its duration, as
// @sentry/node does. The callback's value (or promise) is returned and its error rethrown as they
// are; the job runs in its own isolation scope, in the caller's trace or, with `isolateTrace`, in
// a new one. Bad input never stops the job: a slug that is not a string runs it unmonitored.
import { performance } from 'node:perf_hooks';
import { context, trace } from '@opentelemetry/api';
import { getScopes, withForkedIsolationScope } from '../scope-context.js';
import { debug } from '../utils/debug.js';
import { isThenable, safeGet } from '../utils/is.js';
import { safe } from '../utils/safe.js';
import { sendCheckIn } from './check-in.js';
import type { MonitorConfig } from './types.js';

export function withMonitor<T>(monitorSlug: string, callback: () => T, monitorConfig?: MonitorConfig): T {
  if (typeof callback !== 'function') {
    debug.warn('withMonitor expects a callback function; nothing to run');
    return undefined as T;
  }
  if (typeof monitorSlug !== 'string' || monitorSlug === '') {
    debug.warn(
      `withMonitor: the monitor slug must be a non-empty string, got ${typeof monitorSlug}; run unmonitored`,
    );
    return callback();
  }
  // If the SDK fails around it, the callback still runs, exactly once.
  let ran = false;
  const run = (): T => {
    ran = true;
    return runMonitored(monitorSlug, callback, monitorConfig);
  };
  try {
    return inJobScope(Boolean(safeGet(monitorConfig, 'isolateTrace')), run);
  } catch (err) {
    if (ran) throw err; // the job's own error, rethrown as is
    debug.error('withMonitor failed:', err);
    return callback();
  }
}

/** A new isolation scope: in the caller's trace, or in a new trace with no active span. */
function inJobScope<T>(isolateTrace: boolean, run: () => T): T {
  if (isolateTrace) {
    // A forked isolation scope starts a trace of its own once no span is active.
    return context.with(trace.deleteSpan(context.active()), () => withForkedIsolationScope(run));
  }
  const caller = getScopes().isolation.getPropagationContext();
  return withForkedIsolationScope((scope) => {
    scope.setPropagationContext(caller);
    return run();
  });
}

function runMonitored<T>(slug: string, callback: () => T, config: MonitorConfig | undefined): T {
  const checkInId = safe(
    'withMonitor',
    () => sendCheckIn({ monitorSlug: slug, status: 'in_progress' }, config),
    '',
  );
  const start = performance.now();
  const finish = (status: 'ok' | 'error') =>
    safe(
      'withMonitor',
      () =>
        sendCheckIn(
          { monitorSlug: slug, status, checkInId, duration: (performance.now() - start) / 1000 },
          undefined,
        ),
      '',
    );
  let result: T;
  try {
    result = callback();
  } catch (err) {
    finish('error');
    throw err;
  }
  if (isThenable(result)) {
    // Our handlers never rethrow, so they add no unhandled rejection; the caller still gets the
    // very promise the callback returned, with its own rejection to handle.
    safe(
      'withMonitor',
      () =>
        result.then(
          () => finish('ok'),
          () => finish('error'),
        ),
      undefined,
    );
    return result;
  }
  finish('ok');
  return result;
}
