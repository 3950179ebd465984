// What Relay rejects in `trace_metric` and `check_in` items: the inbox refuses the envelope with
// the reason, so a test (or a user) sees what Sentry would have dropped.
import type { EnvelopeItemHeaders } from '../protocol/types.js';
import { num, obj, str } from './event-fields.js';

const TRACE_METRIC_CONTENT_TYPE = 'application/vnd.sentry.items.trace-metric+json';
const METRIC_TYPES = new Set(['counter', 'gauge', 'distribution']);
const ATTRIBUTE_TYPES = new Set(['string', 'integer', 'double', 'boolean', 'array']);
const CHECK_IN_STATUSES = new Set(['in_progress', 'ok', 'error', 'missed', 'timeout']);
const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;
const UUID = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** Why the item would be rejected, or undefined; item types other than these two pass. */
export function checkItem(headers: EnvelopeItemHeaders, payload: unknown): string | undefined {
  if (headers.type === 'trace_metric') return checkTraceMetrics(headers, payload);
  if (headers.type === 'check_in') return checkCheckIn(payload);
  return undefined;
}

function checkTraceMetrics(headers: EnvelopeItemHeaders, payload: unknown): string | undefined {
  if (headers.content_type !== TRACE_METRIC_CONTENT_TYPE) {
    return `trace_metric item: content_type must be ${TRACE_METRIC_CONTENT_TYPE}`;
  }
  const body = obj(payload);
  if (!body || !Array.isArray(body.items)) return 'trace_metric item: payload must be { items: [...] }';
  if (headers.item_count !== body.items.length) {
    return `trace_metric item: item_count ${String(headers.item_count)} but ${body.items.length} items`;
  }
  for (const [i, item] of body.items.entries()) {
    const problem = checkMetric(item);
    if (problem) return `trace_metric item ${i}: ${problem}`;
  }
  return undefined;
}

function checkMetric(item: unknown): string | undefined {
  const m = obj(item);
  if (!m) return 'not an object';
  if (num(m.timestamp) === undefined) return 'timestamp must be a number';
  if (!HEX32.test(str(m.trace_id) ?? ''))
    return `trace_id must be 32 hex digits, got ${JSON.stringify(m.trace_id)}`;
  if (m.span_id !== undefined && !HEX16.test(str(m.span_id) ?? '')) return 'span_id must be 16 hex digits';
  if (!str(m.name)) return 'name must be a non-empty string';
  if (!METRIC_TYPES.has(str(m.type) ?? '')) return `type must be counter, gauge or distribution`;
  if (num(m.value) === undefined) return `value must be a finite number, got ${JSON.stringify(m.value)}`;
  if (m.unit !== undefined && typeof m.unit !== 'string') return 'unit must be a string';
  if (m.attributes !== undefined) {
    const attributes = obj(m.attributes);
    if (!attributes) return 'attributes must be an object';
    for (const [key, attr] of Object.entries(attributes)) {
      const a = obj(attr);
      if (!a || !ATTRIBUTE_TYPES.has(str(a.type) ?? '') || !matchesType(a.type, a.value)) {
        return `attribute ${key} must be { value, type } with a value of that type`;
      }
    }
  }
  return undefined;
}

function matchesType(type: unknown, value: unknown): boolean {
  if (type === 'string') return typeof value === 'string';
  if (type === 'boolean') return typeof value === 'boolean';
  if (type === 'integer') return Number.isInteger(value);
  if (type === 'double') return num(value) !== undefined;
  return Array.isArray(value);
}

function checkCheckIn(payload: unknown): string | undefined {
  const c = obj(payload);
  if (!c) return 'check_in item: not a JSON object';
  if (!UUID.test(str(c.check_in_id) ?? '')) return 'check_in item: check_in_id must be a UUID';
  if (!str(c.monitor_slug)) return 'check_in item: monitor_slug must be a non-empty string';
  if (!CHECK_IN_STATUSES.has(str(c.status) ?? ''))
    return `check_in item: unknown status ${JSON.stringify(c.status)}`;
  if (c.duration !== undefined && num(c.duration) === undefined)
    return 'check_in item: duration must be a number';
  for (const key of ['release', 'environment'] as const) {
    if (c[key] !== undefined && typeof c[key] !== 'string') return `check_in item: ${key} must be a string`;
  }
  if (c.monitor_config !== undefined) {
    const problem = checkMonitorConfig(c.monitor_config);
    if (problem) return `check_in item: monitor_config: ${problem}`;
  }
  const traceContext = obj(obj(c.contexts)?.trace);
  if (c.contexts !== undefined && traceContext && !HEX32.test(str(traceContext.trace_id) ?? '')) {
    return 'check_in item: contexts.trace.trace_id must be 32 hex digits';
  }
  return undefined;
}

function checkMonitorConfig(value: unknown): string | undefined {
  const config = obj(value);
  const schedule = obj(config?.schedule);
  if (!config || !schedule) return 'schedule is required';
  if (schedule.type === 'crontab') {
    if (!str(schedule.value)) return 'a crontab schedule needs a string value';
  } else if (schedule.type === 'interval') {
    if (!Number.isInteger(schedule.value) || (schedule.value as number) <= 0) {
      return 'an interval schedule needs a positive whole value';
    }
    if (!['year', 'month', 'week', 'day', 'hour', 'minute'].includes(str(schedule.unit) ?? '')) {
      return 'an interval schedule needs a unit (year, month, week, day, hour, minute)';
    }
  } else return 'schedule type must be crontab or interval';
  for (const key of ['checkin_margin', 'max_runtime', 'failure_issue_threshold', 'recovery_threshold']) {
    if (config[key] !== undefined && num(config[key]) === undefined) return `${key} must be a number`;
  }
  if (config.timezone !== undefined && typeof config.timezone !== 'string')
    return 'timezone must be a string';
  return undefined;
}
