// Composes our instrumentation hooks with the app's own: ours run first behind `safe()`, theirs
// after, behind `callUser()`, so neither can break the other or reach the instrumented call.
import { callUser, safe } from '../../src/utils/safe.js';

const COMPOSED = Symbol.for('otel-sentry.composed-hook');

type Hook<A extends unknown[], R> = (...args: A) => R;

/** Whether a config's hook is already one of ours (composing twice would record twice). */
export function isComposed(hook: unknown): boolean {
  return typeof hook === 'function' && (hook as { [COMPOSED]?: boolean })[COMPOSED] === true;
}

function mark<F extends object>(fn: F): F {
  Object.defineProperty(fn, COMPOSED, { value: true });
  return fn;
}

/** A void hook running ours, then theirs. */
export function composeHook<A extends unknown[]>(
  name: string,
  ours: Hook<A, void>,
  theirs: Hook<A, unknown> | undefined,
): Hook<A, void> {
  return mark((...args: A): void => {
    safe(name, () => ours(...args), undefined);
    if (typeof theirs === 'function') callUser(name, () => theirs(...args));
  });
}

/** A hook whose result the instrumentation uses (span attributes): theirs decides it. */
export function composeAttributesHook<A extends unknown[], R extends object>(
  name: string,
  ours: Hook<A, void>,
  theirs: Hook<A, R> | undefined,
): Hook<A, R> {
  return mark((...args: A): R => {
    safe(name, () => ours(...args), undefined);
    if (typeof theirs !== 'function') return {} as R;
    const result = callUser(name, () => theirs(...args));
    return result.ok && result.value !== null && typeof result.value === 'object' ? result.value : ({} as R);
  });
}
