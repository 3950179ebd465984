// A captured log to its wire form, with what @sentry/node puts on each log: the SDK, release,
// environment, server and user attributes, the template and its parameters, the parent span,
// then `beforeSendLog`, then the scope attributes and typed values.
import { hostname } from 'node:os';
import type { Client } from '../client.js';
import { debug } from '../utils/debug.js';
import { safeGet } from '../utils/is.js';
import { callUser, safe } from '../utils/safe.js';
import { SDK_NAME, SDK_VERSION } from '../version.js';
import { cut, typedAttribute } from './attributes.js';
import { type Log, type LogLevel, type PendingLog, SEVERITY_NUMBER, type SerializedLog } from './types.js';

const LEVELS = new Set<string>(Object.keys(SEVERITY_NUMBER));

/** The wire form, or undefined when `beforeSendLog` drops it (counted). Never throws. */
export function serializeLog(client: Client, pending: PendingLog): SerializedLog | undefined {
  try {
    const { options } = client;
    const attributes: Record<string, unknown> = {
      ...(pending.lazyAttributes?.() ?? {}),
      ...pending.attributes,
    };
    const user = pending.user;
    setIfAbsent(attributes, 'user.id', safeGet(user, 'id'));
    setIfAbsent(attributes, 'user.email', safeGet(user, 'email'));
    setIfAbsent(attributes, 'user.name', safeGet(user, 'username'));
    setIfPresent(attributes, 'sentry.release', options.release);
    setIfPresent(attributes, 'sentry.environment', options.environment);
    attributes['sentry.sdk.name'] = SDK_NAME;
    attributes['sentry.sdk.version'] = SDK_VERSION;
    if (pending.template !== undefined && pending.params) {
      if (pending.params.length > 0) attributes['sentry.message.template'] = pending.template;
      pending.params.forEach((param, i) => {
        attributes[`sentry.message.parameter.${i}`] = param;
      });
    }
    setIfPresent(attributes, 'sentry.trace.parent_span_id', pending.spanId);
    setIfPresent(attributes, 'server.address', serverAddress(client));
    let log: Log = {
      level: pending.level,
      message: messageText(pending.message),
      attributes,
      ...(pending.severity !== undefined && { severityNumber: pending.severity }),
    };
    const before = options.beforeSendLog;
    if (before) {
      const result = callUser('beforeSendLog', () => before(log));
      if (result.ok && result.value === null) {
        client.recordDroppedEvent('before_send', 'log_item');
        return undefined;
      }
      // A throw or a non-log keeps the log as it was.
      if (result.ok && result.value !== null && typeof result.value === 'object') log = result.value;
      else if (result.ok) debug.warn('beforeSendLog should return a log or null; the log is kept');
    }
    return wireForm(log, pending, options.maxValueLength);
  } catch (err) {
    debug.error('a log could not be serialized:', err);
    client.recordDroppedEvent('internal_sdk_error', 'log_item');
    return undefined;
  }
}

function wireForm(log: Log, pending: PendingLog, maxLength: number): SerializedLog {
  const level = safeGet(log, 'level');
  const checkedLevel: LogLevel =
    typeof level === 'string' && LEVELS.has(level) ? (level as LogLevel) : pending.level;
  const severity = safeGet(log, 'severityNumber');
  const out: SerializedLog['attributes'] = {};
  for (const scoped of pending.scopeAttributes) if (scoped) addTyped(out, scoped, maxLength);
  const attributes = safeGet(log, 'attributes');
  if (attributes !== null && typeof attributes === 'object')
    addTyped(out, attributes as Record<string, unknown>, maxLength);
  out['sentry.timestamp.sequence'] = { type: 'integer', value: pending.sequence };
  return {
    timestamp: pending.time,
    level: checkedLevel,
    body: wellFormed(cut(messageText(safeGet(log, 'message')), maxLength)),
    trace_id: pending.traceId,
    severity_number:
      typeof severity === 'number' && Number.isInteger(severity) ? severity : SEVERITY_NUMBER[checkedLevel],
    attributes: out,
  };
}

function addTyped(
  out: SerializedLog['attributes'],
  attributes: Readonly<Record<string, unknown>>,
  max: number,
): void {
  let keys: string[];
  try {
    keys = Object.keys(attributes);
  } catch {
    return;
  }
  for (const key of keys) {
    const typed = typedAttribute(safeGet(attributes, key), max);
    if (typed.type === 'string') typed.value = wellFormed(typed.value);
    out[wellFormed(key)] = typed;
  }
}

function setIfAbsent(attributes: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined && value !== null && value !== '' && !attributes[key]) attributes[key] = value;
}

function setIfPresent(attributes: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined && value !== null && value !== '') attributes[key] = value;
}

/** The message as text: any value, never a throw (a throwing `toString` gives a placeholder). */
export function messageText(message: unknown): string {
  if (typeof message === 'string') return message;
  try {
    return String(message);
  } catch {
    return '[unprintable message]';
  }
}

type WellFormed = { isWellFormed(): boolean; toWellFormed(): string };

/** Lone surrogates are not valid UTF-8: replaced, as @sentry/node does. */
function wellFormed(text: string): string {
  const s = text as unknown as WellFormed;
  return s.isWellFormed() ? text : s.toWellFormed();
}

let host: string | undefined | null = null;
/** `server.address`: the `serverName` option, else the host name (read once). */
function serverAddress(client: Client): string | undefined {
  if (client.options.serverName) return client.options.serverName;
  if (host === null) host = safe('hostname', hostname, undefined);
  return host;
}
