// A captured log to its wire form (a JSON string), with what @sentry/node puts on each log: the
// SDK, release, environment, server and user attributes, the template and its parameters, the
// parent span, then `beforeSendLog`, then the scope attributes, all as typed values. Without a
// `beforeSendLog`, the attributes every log shares are written once per client, as JSON text.
import type { Client } from '../client.js';
import { debug } from '../utils/debug.js';
import { safeGet } from '../utils/is.js';
import { callUser } from '../utils/safe.js';
import { SDK_NAME, SDK_VERSION } from '../version.js';
import { cut, typedAttribute } from './attributes.js';
import { type Log, type LogLevel, type PendingLog, SEVERITY_NUMBER } from './types.js';

const LEVELS = new Set<string>(Object.keys(SEVERITY_NUMBER));

/** The log as JSON, or undefined when `beforeSendLog` drops it (counted). Never throws. */
export function serializeLog(client: Client, pending: PendingLog): string | undefined {
  try {
    const before = client.options.beforeSendLog;
    if (!before) return fastJson(client, pending);
    let log: Log = {
      level: pending.level,
      message: messageText(pending.message),
      attributes: { ...ownAttributes(pending), ...shared(client).values },
      ...(pending.severity !== undefined && { severityNumber: pending.severity }),
    };
    const result = callUser('beforeSendLog', () => before(log));
    if (result.ok && result.value === null) {
      client.recordDroppedEvent('before_send', 'log_item');
      return undefined;
    }
    // A throw or a non-log keeps the log as it was.
    if (result.ok && result.value !== null && typeof result.value === 'object') log = result.value;
    else if (result.ok) debug.warn('beforeSendLog should return a log or null; the log is kept');
    const attributes = safeGet(log, 'attributes');
    const severity = safeGet(log, 'severityNumber');
    const level = safeGet(log, 'level');
    return logJson(
      client,
      pending,
      typeof level === 'string' && LEVELS.has(level) ? (level as LogLevel) : pending.level,
      safeGet(log, 'message'),
      typeof severity === 'number' && Number.isInteger(severity) ? severity : undefined,
      attributes !== null && typeof attributes === 'object' ? (attributes as Record<string, unknown>) : {},
      '',
    );
  } catch (err) {
    debug.error('a log could not be serialized:', err);
    client.recordDroppedEvent('internal_sdk_error', 'log_item');
    return undefined;
  }
}

function fastJson(client: Client, pending: PendingLog): string {
  const own = ownAttributes(pending);
  const { keys, json } = shared(client);
  for (const key of keys) if (key in own) delete own[key]; // the SDK's values win, as in @sentry/node
  return logJson(client, pending, pending.level, pending.message, pending.severity, own, json);
}

/** The log's own attributes: the call's, the user's, the template's and the parent span. */
function ownAttributes(pending: PendingLog): Record<string, unknown> {
  const lazy = pending.lazyAttributes?.();
  const attributes: Record<string, unknown> = lazy
    ? { ...lazy, ...pending.attributes }
    : { ...pending.attributes };
  const user = pending.user;
  if (user) {
    setIfAbsent(attributes, 'user.id', safeGet(user, 'id'));
    setIfAbsent(attributes, 'user.email', safeGet(user, 'email'));
    setIfAbsent(attributes, 'user.name', safeGet(user, 'username'));
  }
  const { template, params } = pending;
  if (template !== undefined && params) {
    if (params.length > 0) attributes['sentry.message.template'] = template;
    for (let i = 0; i < params.length; i++) attributes[`sentry.message.parameter.${i}`] = params[i];
  }
  if (pending.spanId) attributes['sentry.trace.parent_span_id'] = pending.spanId;
  return attributes;
}

function logJson(
  client: Client,
  pending: PendingLog,
  level: LogLevel,
  message: unknown,
  severity: number | undefined,
  attributes: Record<string, unknown>,
  sharedJson: string,
): string {
  const max = client.options.maxValueLength;
  const parts: string[] = [];
  // The log's own attributes over the scopes': each key once.
  const scope = pending.scopeAttributes;
  const skip = sharedJson ? shared(client).keys : undefined;
  if (scope) typedParts(parts, scope, max, attributes, skip);
  typedParts(parts, attributes, max, undefined, undefined);
  if (sharedJson) parts.push(sharedJson);
  parts.push(`"sentry.timestamp.sequence":{"type":"integer","value":${pending.sequence}}`);
  return (
    `{"timestamp":${pending.time},"level":"${level}","body":${JSON.stringify(wellFormed(cut(messageText(message), max)))},` +
    `"trace_id":"${pending.traceId}","severity_number":${severity ?? SEVERITY_NUMBER[level]},"attributes":{${parts.join(',')}}}`
  );
}

/** `"key":{"type":…,"value":…}` for each attribute not overridden by `later`. */
function typedParts(
  parts: string[],
  attributes: Readonly<Record<string, unknown>>,
  max: number,
  later: Record<string, unknown> | undefined,
  skip: readonly string[] | undefined,
): void {
  let keys: string[];
  try {
    keys = Object.keys(attributes);
  } catch {
    return;
  }
  for (const key of keys) {
    if ((later && key in later) || skip?.includes(key)) continue;
    if (key === 'sentry.timestamp.sequence') continue;
    const typed = typedAttribute(safeGet(attributes, key), max);
    if (typed.type === 'string') typed.value = wellFormed(typed.value);
    parts.push(`${JSON.stringify(wellFormed(key))}:${JSON.stringify(typed)}`);
  }
}

interface Shared {
  keys: string[];
  values: Record<string, unknown>;
  json: string;
}
const sharedByClient = new WeakMap<Client, Shared>();

/** The attributes every log of a client carries, and their JSON text (made once). */
function shared(client: Client): Shared {
  let s = sharedByClient.get(client);
  if (!s) {
    const values: Record<string, unknown> = {};
    setIfAbsent(values, 'sentry.release', client.options.release);
    setIfAbsent(values, 'sentry.environment', client.options.environment);
    values['sentry.sdk.name'] = SDK_NAME;
    values['sentry.sdk.version'] = SDK_VERSION;
    setIfAbsent(values, 'server.address', client.serverName);
    const keys = Object.keys(values);
    const json = keys
      .map((k) => `${JSON.stringify(k)}:${JSON.stringify(typedAttribute(values[k]))}`)
      .join(',');
    s = { keys, values, json };
    sharedByClient.set(client, s);
  }
  return s;
}

function setIfAbsent(attributes: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined && value !== null && value !== '' && !attributes[key]) attributes[key] = value;
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
