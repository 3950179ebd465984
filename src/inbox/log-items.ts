// What Relay checks of a `log` envelope item (a container of Sentry Logs): the content type,
// `item_count` equal to the logs held, and each log's required fields and typed attributes.

import type { SerializedLog } from '../logs/types.js';
import type { EnvelopeItemHeaders } from '../protocol/types.js';

export const LOG_CONTENT_TYPE = 'application/vnd.sentry.items.log+json';
const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const PAYLOAD_KEYS = new Set(['items', 'version', 'ingest_settings']);

/** The reason a log item would be rejected, or undefined. */
export function logItemProblem(headers: EnvelopeItemHeaders, payload: unknown): string | undefined {
  if (headers.content_type !== LOG_CONTENT_TYPE)
    return `log item content_type is ${String(headers.content_type)}`;
  if (!isObject(payload) || !Array.isArray(payload.items)) return 'log item payload is not { items: [...] }';
  for (const key of Object.keys(payload))
    if (!PAYLOAD_KEYS.has(key)) return `log item payload has unknown key ${key}`;
  if (headers.item_count !== payload.items.length)
    return `log item_count ${String(headers.item_count)} but ${payload.items.length} logs`;
  for (const [i, log] of payload.items.entries()) {
    const problem = logProblem(log);
    if (problem) return `log ${i}: ${problem}`;
  }
  return undefined;
}

function logProblem(log: unknown): string | undefined {
  if (!isObject(log)) return 'not an object';
  if (typeof log.timestamp !== 'number' || !Number.isFinite(log.timestamp))
    return 'timestamp is not a number';
  if (typeof log.level !== 'string' || !LEVELS.has(log.level)) return `level ${String(log.level)}`;
  if (typeof log.body !== 'string') return 'body is not a string';
  if (typeof log.trace_id !== 'string' || !TRACE_ID.test(log.trace_id))
    return `trace_id ${String(log.trace_id)}`;
  if (log.span_id !== undefined && (typeof log.span_id !== 'string' || !SPAN_ID.test(log.span_id)))
    return `span_id ${String(log.span_id)}`;
  if (log.severity_number !== undefined && !Number.isInteger(log.severity_number))
    return 'severity_number is not an integer';
  if (log.attributes === undefined) return undefined;
  if (!isObject(log.attributes)) return 'attributes is not an object';
  for (const [key, attr] of Object.entries(log.attributes)) {
    const problem = attributeProblem(attr);
    if (problem) return `attribute ${key}: ${problem}`;
  }
  return undefined;
}

function attributeProblem(attr: unknown): string | undefined {
  if (!isObject(attr)) return 'not { type, value }';
  const { type, value } = attr;
  if (attr.unit !== undefined && typeof attr.unit !== 'string') return 'unit is not a string';
  switch (type) {
    case 'string':
      return typeof value === 'string' ? undefined : 'string value is not a string';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'boolean value is not a boolean';
    case 'integer':
      return Number.isSafeInteger(value) ? undefined : 'integer value is not a safe integer';
    case 'double':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'double value is not finite';
    case 'array':
      return Array.isArray(value) && value.every((v) => ['string', 'number', 'boolean'].includes(typeof v))
        ? undefined
        : 'array value is not an array of primitives';
    default:
      return `unknown type ${String(type)}`;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The logs of every `log` item of the payloads given. */
export function logsOf(payloads: unknown[]): SerializedLog[] {
  return payloads.flatMap((p) => (isObject(p) && Array.isArray(p.items) ? (p.items as SerializedLog[]) : []));
}
