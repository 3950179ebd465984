// The caller's part of a Sentry Log: only what must be read at call time (time, level, the
// message and a shallow copy of the attributes, the scope's user and attributes, the trace and
// span ids) goes into a pending record; its wire form is built at flush (./buffer.ts).
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { getClient } from '../api.js';
import type { Client } from '../client.js';
import { getScopes } from '../scope-context.js';
import { getState } from '../state.js';
import { debug } from '../utils/debug.js';
import { safeGet } from '../utils/is.js';
import { type LogBuffer, logBufferOf } from './buffer.js';
import type { LogLevel, PendingLog } from './types.js';

export interface LogInput {
  level: LogLevel;
  message: unknown;
  attributes?: unknown;
  lazyAttributes?: () => Record<string, unknown> | undefined;
  template?: string;
  params?: unknown[];
  severity?: number;
  /** A record made elsewhere (an OTel log record): its own time (seconds) and trace. */
  time?: number;
  traceId?: string;
  spanId?: string;
}

/** Sentry's marker of a parameterized string (`logger.fmt`, `parameterize`). */
interface Parameterized {
  __sentry_template_string__?: unknown;
  __sentry_template_values__?: unknown;
}

/** Captures a log for the current client unless `enableLogs` is false (as @sentry/node). Never throws. */
export function captureLog(input: LogInput, client: Client | undefined = getClient()): void {
  if (!client || client.options.enableLogs === false || !client.isEnabled()) return;
  try {
    // The buffer of the last client, kept: a WeakMap lookup per call is measurable.
    if (client !== lastClient || !lastBuffer) {
      lastClient = client;
      lastBuffer = logBufferOf(client);
    }
    lastBuffer.add(pendingLog(input));
  } catch (err) {
    debug.error('a log could not be captured:', err);
  }
}

let lastClient: Client | undefined;
let lastBuffer: LogBuffer | undefined;

const timeOrigin = performance.timeOrigin;
let lastMs = 0;
let sequence = 0;

function pendingLog(input: LogInput): PendingLog {
  const time = input.time ?? (timeOrigin + performance.now()) / 1000;
  // Logs of one millisecond keep their order: Sentry sorts them by this number.
  const ms = Math.floor(time * 1000);
  if (ms !== lastMs) {
    lastMs = ms;
    sequence = 0;
  }
  const ctx = context.active();
  const scopes = getScopes(ctx);
  const global = getState().globalScope;
  const sc = trace.getSpan(ctx)?.spanContext();
  const active = sc && isSpanContextValid(sc) ? sc : undefined;
  let { message, template, params } = input;
  if (message !== null && typeof message === 'object') {
    const p = message as Parameterized;
    const t = safeGet(p, '__sentry_template_string__');
    const v = safeGet(p, '__sentry_template_values__');
    if (typeof t === 'string') {
      template = t;
      params = Array.isArray(v) ? v : [];
      message = String(message);
    }
  }
  return {
    time,
    sequence: sequence++,
    level: input.level,
    severity: input.severity,
    message,
    attributes: copyAttributes(input.attributes),
    lazyAttributes: input.lazyAttributes,
    template,
    params,
    traceId: input.traceId ?? active?.traceId ?? scopes.isolation.getPropagationContext().traceId,
    spanId: input.traceId ? input.spanId : active?.spanId,
    user: scopes.current.getUser() ?? scopes.isolation.getUser() ?? global.getUser(),
    scopeAttributes: scopeAttributes(
      global.getAttributes(),
      scopes.isolation.getAttributes(),
      scopes.current.getAttributes(),
    ),
  };
}

type Attributes = Readonly<Record<string, unknown>> | undefined;

/** The scopes' attributes, current over isolation over global; no allocation when at most one is set. */
function scopeAttributes(global: Attributes, isolation: Attributes, current: Attributes): Attributes {
  if (!global && !isolation) return current;
  if (!global && !current) return isolation;
  if (!isolation && !current) return global;
  return { ...global, ...isolation, ...current };
}

/** A shallow copy, so later changes to the caller's object do not reach the log. */
function copyAttributes(attributes: unknown): Record<string, unknown> | undefined {
  if (attributes === undefined || attributes === null) return undefined;
  if (typeof attributes !== 'object' || Array.isArray(attributes)) {
    debug.warn('log attributes should be an object; ignored:', typeof attributes);
    return undefined;
  }
  try {
    return { ...(attributes as Record<string, unknown>) };
  } catch {
    // A throwing getter or Proxy trap: copy what can be read.
    const out: Record<string, unknown> = {};
    let keys: string[] = [];
    try {
      keys = Object.keys(attributes);
    } catch {
      debug.warn('log attributes could not be read; ignored');
    }
    for (const key of keys) out[key] = safeGet(attributes, key);
    return out;
  }
}
