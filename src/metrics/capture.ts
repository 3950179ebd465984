// One metric from the caller to the client's buffer, as @sentry/node 10 does it: attributes
// enriched (server, user, release, environment, SDK), `beforeSendMetric`, then serialized with
// the trace (the active span's ids, else the scope's trace) and a per-millisecond sequence number.
// Unlike @sentry/node, a value that is not a finite number or a name that is not a string is
// dropped with a debug line (Relay would reject the whole batch) instead of being sent.
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import type { Client } from '../client.js';
import { getCurrentClient } from '../current-client.js';
import type { SerializedMetric, User } from '../protocol/types.js';
import { getScopes } from '../scope-context.js';
import { getState } from '../state.js';
import { debug } from '../utils/debug.js';
import { safeGet } from '../utils/is.js';
import { callUser } from '../utils/safe.js';
import { SDK_NAME, SDK_VERSION } from '../version.js';
import { safeEntries, serializeAttributes } from './attributes.js';
import { MetricBuffer } from './buffer.js';
import type { Metric, MetricType } from './types.js';

const buffers = new WeakMap<Client, MetricBuffer>();

export function captureMetric(type: MetricType, name: unknown, value: unknown, options: unknown): void {
  const client = getCurrentClient();
  if (!client?.isEnabled() || !client.options.enableMetrics) return;
  const checked = checkMetric({
    type,
    name,
    value,
    unit: safeGet(options, 'unit'),
    attributes: safeGet(options, 'attributes'),
  });
  if (!checked) return;
  const scopes = getScopes();
  const enriched = enrich(checked, client, userOf(scopes));
  const beforeSend = client.options.beforeSendMetric;
  let final: Metric | undefined = enriched;
  if (beforeSend) {
    const result = callUser('beforeSendMetric', () => beforeSend(enriched));
    final = result.ok && result.value ? checkMetric({ ...toRecord(result.value), type }) : undefined;
    if (!final) {
      debug.log('beforeSendMetric dropped a metric');
      client.recordDroppedEvent('before_send', 'trace_metric');
      return;
    }
  }
  bufferOf(client).add(serialize(final, client));
}

function bufferOf(client: Client): MetricBuffer {
  let buffer = buffers.get(client);
  if (!buffer) {
    buffer = new MetricBuffer(client);
    buffers.set(client, buffer);
    client.addFlushable(buffer);
  }
  return buffer;
}

/** The metric if its name and value can be sent; a debug line and undefined otherwise. */
function checkMetric(raw: Record<string, unknown>): Metric | undefined {
  const { type, name, value, unit, attributes } = raw;
  if (typeof name !== 'string' || name === '') {
    debug.warn(`metrics: the name must be a non-empty string, got ${typeof name}; metric dropped`);
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    debug.warn(`metrics: "${name}" needs a finite number, got ${describe(value)}; metric dropped`);
    return undefined;
  }
  const metric: Metric = { type: type as MetricType, name, value };
  if (typeof unit === 'string' && unit) metric.unit = unit;
  else if (unit !== undefined) debug.warn(`metrics: "${name}" has a unit that is not a string; ignored`);
  if (attributes !== undefined && attributes !== null) {
    if (typeof attributes === 'object' && !Array.isArray(attributes)) {
      metric.attributes = attributes as Record<string, unknown>;
    } else debug.warn(`metrics: "${name}" has attributes that are not an object; ignored`);
  }
  return metric;
}

function enrich(metric: Metric, client: Client, user: User | undefined): Metric {
  const attributes: Record<string, unknown> = {};
  if (client.serverName) attributes['server.address'] = client.serverName;
  for (const [key, value] of safeEntries(metric.attributes)) attributes[key] = value;
  setIfAbsent(attributes, 'user.id', user?.id);
  setIfAbsent(attributes, 'user.email', user?.email);
  setIfAbsent(attributes, 'user.name', user?.username);
  if (client.options.release) attributes['sentry.release'] = client.options.release;
  if (client.options.environment) attributes['sentry.environment'] = client.options.environment;
  attributes['sentry.sdk.name'] = SDK_NAME;
  attributes['sentry.sdk.version'] = SDK_VERSION;
  return { ...metric, attributes };
}

function serialize(metric: Metric, client: Client): SerializedMetric {
  const timestamp = Date.now() / 1000;
  const span = trace.getSpan(context.active())?.spanContext();
  const active = span && isSpanContextValid(span) ? span : undefined;
  const limits = { maxValueLength: client.options.maxValueLength };
  // Keys in @sentry/node's order, so the two are easy to compare.
  const out: SerializedMetric = {
    timestamp,
    trace_id: active?.traceId ?? getScopes().isolation.getPropagationContext().traceId,
    ...(active ? { span_id: active.spanId } : {}),
    name: metric.name,
    type: metric.type,
    ...(metric.unit ? { unit: metric.unit } : {}),
    value: metric.value,
    attributes: {
      ...serializeAttributes(metric.attributes, limits, true),
      'sentry.timestamp.sequence': { value: nextSequence(timestamp), type: 'integer' },
    },
  };
  return out;
}

let sequence = 0;
let sequenceMs: number | undefined;

/** Orders metrics that share a millisecond timestamp. */
function nextSequence(timestamp: number): number {
  const ms = Math.floor(timestamp * 1000);
  if (ms !== sequenceMs) sequence = 0;
  sequenceMs = ms;
  return sequence++;
}

function userOf(scopes: ReturnType<typeof getScopes>): User | undefined {
  return scopes.current.getUser() ?? scopes.isolation.getUser() ?? getState().globalScope.getUser();
}

function setIfAbsent(attributes: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined && value !== null && value !== '' && !(key in attributes)) attributes[key] = value;
}

function toRecord(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object') return {};
  return Object.fromEntries(
    ['name', 'value', 'unit', 'attributes'].map((key) => [key, safeGet(value, key)] as const),
  );
}

function describe(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value;
}
