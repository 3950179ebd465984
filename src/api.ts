// The public functions. Each runs its body behind `safe()`, so whatever it is given, and
// whatever state the SDK is in (before init, after close), it never throws into the app.

import type { Client } from './client.js';
import { getCurrentClient, setCurrentClient } from './current-client.js';
import { drainPendingCaptures } from './deferred-captures.js';
import { templateOf } from './event/parameterize.js';
import type { Breadcrumb, Event, SeverityLevel, User } from './protocol/types.js';
import { Scope } from './scope.js';
import { getScopes, withForkedIsolationScope, withForkedScope } from './scope-context.js';
import { getState } from './state.js';
import type {
  BreadcrumbHint,
  CaptureContext,
  CaptureContextInput,
  EventHint,
  EventProcessor,
} from './types.js';
import { debug } from './utils/debug.js';
import { copyRecord, isError, isPlainObject } from './utils/is.js';
import { callUser, safe } from './utils/safe.js';
import { nowSeconds } from './utils/time.js';

const LEVELS = new Set(['fatal', 'error', 'warning', 'log', 'info', 'debug']);

export function getClient(): Client | undefined {
  return getCurrentClient();
}

export function captureException(exception: unknown, hint?: EventHint | CaptureContextInput): string {
  return safe(
    'captureException',
    () => {
      const client = getClient();
      if (!client?.isEnabled()) return '';
      drainPendingCaptures(); // an error a span recorded a moment ago is captured as linked to it
      let h = toHint(hint);
      // Only a value without a stack of its own needs one made here (creating an Error costs).
      if (!isError(exception)) h.syntheticException ??= new Error('otel-sentry syntheticException');
      else if (h.syntheticException === undefined) h = lazySyntheticException(h);
      return client.captureException(exception, h);
    },
    '',
  );
}

export function captureMessage(
  message: unknown,
  levelOrHint?: SeverityLevel | EventHint | CaptureContextInput,
): string {
  return safe(
    'captureMessage',
    () => {
      const client = getClient();
      if (!client?.isEnabled()) return '';
      const level = typeof levelOrHint === 'string' && LEVELS.has(levelOrHint) ? levelOrHint : 'info';
      const h = typeof levelOrHint === 'string' ? {} : toHint(levelOrHint);
      // As @sentry/node: an object that is not a `parameterize`d string is captured as an exception.
      if (isCapturedAsException(message)) {
        h.syntheticException ??= new Error('otel-sentry syntheticException');
        return client.captureException(message, h);
      }
      if (client.options.attachStacktrace) {
        h.syntheticException ??= new Error(safe('message', () => String(message), ''));
      }
      return client.captureMessage(message, level, h);
    },
    '',
  );
}

export function captureEvent(event: Event, hint?: EventHint): string {
  return safe(
    'captureEvent',
    () => {
      if (!isPlainObject(event)) {
        debug.warn('captureEvent expects an event object; ignored');
        return '';
      }
      return getClient()?.captureEvent(copyRecord(event), toHint(hint)) ?? '';
    },
    '',
  );
}

/** Adds a breadcrumb to the isolation scope (one request, one job), through `beforeBreadcrumb`. */
export function addBreadcrumb(breadcrumb: Breadcrumb, hint?: BreadcrumbHint): void {
  safe(
    'addBreadcrumb',
    () => {
      const client = getClient();
      if (!client?.isEnabled() || !isPlainObject(breadcrumb)) return;
      const { maxBreadcrumbs, beforeBreadcrumb } = client.options;
      if (maxBreadcrumbs <= 0) return;
      let crumb: Breadcrumb | null = { timestamp: nowSeconds(), ...breadcrumb };
      if (beforeBreadcrumb) {
        const result = callUser('beforeBreadcrumb', () =>
          beforeBreadcrumb(crumb as Breadcrumb, toHint(hint)),
        );
        // A throwing beforeBreadcrumb keeps the breadcrumb: losing context is worse than keeping it.
        if (result.ok) crumb = isPlainObject(result.value) ? (result.value as Breadcrumb) : null;
      }
      if (crumb) getScopes().isolation.addBreadcrumb(crumb, maxBreadcrumbs);
    },
    undefined,
  );
}

export function setUser(user: User | null): void {
  safe('setUser', () => getIsolationScope().setUser(isPlainObject(user) ? user : null), undefined);
}

export function setTag(key: string, value: unknown): void {
  safe('setTag', () => getIsolationScope().setTag(String(key), value), undefined);
}

export function setTags(tags: Record<string, unknown>): void {
  safe('setTags', () => isPlainObject(tags) && getIsolationScope().setTags(tags), undefined);
}

export function setExtra(key: string, value: unknown): void {
  safe('setExtra', () => getIsolationScope().setExtra(String(key), value), undefined);
}

export function setExtras(extras: Record<string, unknown>): void {
  safe('setExtras', () => isPlainObject(extras) && getIsolationScope().setExtras(extras), undefined);
}

export function setContext(name: string, context: Record<string, unknown> | null): void {
  safe(
    'setContext',
    () => getIsolationScope().setContext(String(name), isPlainObject(context) ? context : null),
    undefined,
  );
}

/** Runs `callback` with a fork of the current scope; what it sets stays inside. */
export function withScope<T>(callback: (scope: Scope) => T): T {
  return runWithScope('withScope', withForkedScope, callback);
}

/** Runs `callback` with its own isolation scope, as for one incoming request or job. */
export function withIsolationScope<T>(callback: (scope: Scope) => T): T {
  return runWithScope('withIsolationScope', withForkedIsolationScope, callback);
}

export function getCurrentScope(): Scope {
  return safe('getCurrentScope', () => getScopes().current, new Scope());
}

export function getIsolationScope(): Scope {
  return safe('getIsolationScope', () => getScopes().isolation, new Scope());
}

export function getGlobalScope(): Scope {
  return getState().globalScope;
}

/** Adds a processor to the global scope: it sees every event. */
export function addEventProcessor(processor: EventProcessor): void {
  safe(
    'addEventProcessor',
    () => typeof processor === 'function' && getGlobalScope().addEventProcessor(processor),
    undefined,
  );
}

export function lastEventId(): string | undefined {
  return safe('lastEventId', () => getIsolationScope().getLastEventId(), undefined);
}

/** Resolves true once everything captured so far was sent, false on timeout. Never rejects. */
export function flush(timeoutMs?: number): Promise<boolean> {
  return safe(
    'flush',
    () =>
      getClient()
        ?.flush(toTimeout(timeoutMs))
        .catch(() => false) ?? Promise.resolve(false),
    Promise.resolve(false),
  );
}

/** Flushes and disables the SDK; later calls are no-ops. Never rejects. */
export function close(timeoutMs?: number): Promise<boolean> {
  return safe(
    'close',
    () => {
      const client = getClient();
      if (!client) return Promise.resolve(true);
      setCurrentClient(undefined);
      return client.close(toTimeout(timeoutMs) ?? client.options.shutdownTimeout).catch(() => false);
    },
    Promise.resolve(false),
  );
}

function runWithScope<T>(
  name: string,
  fork: (cb: (scope: Scope) => T) => T,
  callback: (scope: Scope) => T,
): T {
  if (typeof callback !== 'function') {
    debug.warn(`${name} expects a callback`);
    return undefined as T;
  }
  // If forking itself fails, the callback still runs, exactly once, with a throwaway scope.
  let ran = false;
  const run = (scope: Scope): T => {
    ran = true;
    return callback(scope);
  };
  try {
    return fork(run);
  } catch (err) {
    if (ran) throw err; // the user's own exception: theirs to handle, as without the SDK
    debug.error(`${name} failed:`, err);
    return callback(new Scope());
  }
}

function isCapturedAsException(message: unknown): boolean {
  return (typeof message === 'object' && message !== null) || typeof message === 'function'
    ? templateOf(message) === undefined
    : false;
}

/**
 * As @sentry/node, `beforeSend` finds a syntheticException in the hint of every captureException;
 * an Error has its own stack, so this one is only made if something reads it. The accessor is on
 * the prototype: defined per hint, it gave every hint a hidden class of its own, allocated in the
 * old space (about 200 bytes per capture that only a full GC frees).
 */
class LazySyntheticHint {
  #synthetic: Error | null | undefined;

  get syntheticException(): Error | null {
    this.#synthetic ??= new Error('otel-sentry syntheticException');
    return this.#synthetic;
  }

  set syntheticException(value: Error | null | undefined) {
    this.#synthetic = value;
  }
}

function lazySyntheticException(h: EventHint): EventHint {
  return Object.assign(new LazySyntheticHint(), h) as EventHint;
}

/**
 * Copies a user-given hint into a fresh object; `{ tags, user, … }` is taken as capture context,
 * and so are a Scope and a `(scope) => scope` callback (as @sentry/node takes them).
 */
function toHint(hint: unknown): EventHint {
  if (typeof hint === 'function' || hint instanceof Scope)
    return { captureContext: hint as CaptureContextInput };
  if (!hint || typeof hint !== 'object') return {};
  const out: EventHint = {};
  for (const key of safe('hint keys', () => Object.keys(hint), [] as string[])) {
    out[key] = safe('hint', () => (hint as Record<string, unknown>)[key], undefined);
  }
  const contextKeys = ['tags', 'extra', 'contexts', 'user', 'level', 'fingerprint'];
  if (!out.captureContext && contextKeys.some((k) => k in out)) {
    out.captureContext = out as CaptureContext;
  }
  return out;
}

function toTimeout(ms: unknown): number | undefined {
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}
