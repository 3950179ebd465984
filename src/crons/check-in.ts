// `captureCheckIn`: one `check_in` envelope item, as @sentry/node sends it (release, environment,
// the monitor config under Sentry's snake_case names, the trace in `contexts.trace` and the DSC
// in the envelope header). Bad input gets a debug line and is not sent; the id is returned anyway.
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { getCurrentClient } from '../current-client.js';
import { traceContext } from '../event/prepare.js';
import type { SerializedCheckIn } from '../protocol/types.js';
import { getScopes } from '../scope-context.js';
import { type DscSource, dscForSpanContext, headDsc } from '../tracing/head-dsc.js';
import { debug } from '../utils/debug.js';
import { spanId, uuid4 } from '../utils/ids.js';
import { safeGet } from '../utils/is.js';
import { SDK_NAME, SDK_VERSION } from '../version.js';

const STATUSES = new Set(['in_progress', 'ok', 'error']);
const INTERVAL_UNITS = new Set(['year', 'month', 'week', 'day', 'hour', 'minute']);

/** Sends a check-in; returns its id (the given `checkInId`, else a new one). */
export function sendCheckIn(checkIn: unknown, monitorConfig: unknown): string {
  const given = safeGet(checkIn, 'checkInId');
  const id = typeof given === 'string' && given ? given : uuid4();
  const client = getCurrentClient();
  if (!client?.isEnabled()) return id;
  const slug = safeGet(checkIn, 'monitorSlug');
  const status = safeGet(checkIn, 'status');
  if (typeof slug !== 'string' || slug === '') {
    debug.warn(`captureCheckIn: monitorSlug must be a non-empty string, got ${typeof slug}; not sent`);
    return id;
  }
  if (typeof status !== 'string' || !STATUSES.has(status)) {
    debug.warn(`captureCheckIn: status must be in_progress, ok or error, got ${String(status)}; not sent`);
    return id;
  }
  const { release, environment } = client.options;
  const item: SerializedCheckIn = {
    check_in_id: id,
    monitor_slug: slug,
    status: status as SerializedCheckIn['status'],
  };
  if (release) item.release = release;
  if (environment) item.environment = environment;
  const duration = safeGet(checkIn, 'duration');
  if (typeof duration === 'number' && Number.isFinite(duration) && duration >= 0) item.duration = duration;
  else if (duration !== undefined)
    debug.warn('captureCheckIn: duration must be a number of seconds; left out');
  const config = monitorConfigOf(monitorConfig);
  if (config) item.monitor_config = config;

  const scopes = getScopes();
  const sc = trace.getSpan(context.active())?.spanContext();
  const active = sc && isSpanContextValid(sc) ? sc : undefined;
  const tc = traceContext(scopes, active);
  // Outside a span each check-in gets a span id of its own, as @sentry/node gives it.
  item.contexts = { trace: active ? tc : Object.assign({}, tc, { span_id: spanId() }) };
  const { release: rel, environment: env, tracesSampleRate } = client.options;
  const source: DscSource = {
    publicKey: client.getDsn()?.publicKey,
    release: rel,
    environment: env,
    tracesSampleRate,
  };
  const dsc = active ? dscForSpanContext(active, source) : headDsc(tc.trace_id, source, undefined);
  debug.log(`sending check-in ${slug} ${status}`);
  client.sendEnvelope([
    { sdk: { name: SDK_NAME, version: SDK_VERSION }, trace: { ...dsc } as Record<string, string> },
    [[{ type: 'check_in' }, item]],
  ]);
  return id;
}

/** The config under Sentry's names; a schedule Sentry would reject drops the whole config. */
function monitorConfigOf(config: unknown): SerializedCheckIn['monitor_config'] | undefined {
  if (config === undefined || config === null) return undefined;
  const schedule = safeGet(config, 'schedule');
  const type = safeGet(schedule, 'type');
  const value = safeGet(schedule, 'value');
  const unit = safeGet(schedule, 'unit');
  let wire: NonNullable<SerializedCheckIn['monitor_config']>['schedule'];
  if (type === 'crontab' && typeof value === 'string') wire = { type, value };
  else if (type === 'interval' && Number.isInteger(value) && (value as number) > 0 && isUnit(unit)) {
    wire = { type, value: value as number, unit };
  } else {
    debug.warn(
      'monitor config: schedule must be { type: "crontab", value } or { type: "interval", value: <whole number>, unit }; config left out',
    );
    return undefined;
  }
  const out: NonNullable<SerializedCheckIn['monitor_config']> = { schedule: wire };
  const numbers = [
    ['checkinMargin', 'checkin_margin'],
    ['maxRuntime', 'max_runtime'],
    ['failureIssueThreshold', 'failure_issue_threshold'],
    ['recoveryThreshold', 'recovery_threshold'],
  ] as const;
  for (const [from, to] of numbers) {
    const n = safeGet(config, from);
    if (typeof n === 'number' && Number.isFinite(n)) out[to] = n;
    else if (n !== undefined) debug.warn(`monitor config: ${from} must be a number; left out`);
  }
  const timezone = safeGet(config, 'timezone');
  if (typeof timezone === 'string') out.timezone = timezone;
  else if (timezone !== undefined) debug.warn('monitor config: timezone must be a string; left out');
  return out;
}

function isUnit(unit: unknown): unit is string {
  return typeof unit === 'string' && INTERVAL_UNITS.has(unit);
}
