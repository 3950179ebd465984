// Sentry's event JSON schema (../shared/sentry-schema, from Relay) compiled once with Ajv. The SDK
// sends @sentry/node's forms, some of which Relay rewrites on ingest before storing (see that folder's
// README): an event is validated after those rewrites, as Relay would store it, and nothing else.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);
const Ajv = require('ajv') as typeof import('ajv').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;

const here = dirname(fileURLToPath(import.meta.url));
const SCHEMA_PATH = resolve(here, '../../../shared/sentry-schema/event.schema.json');

let validate: ValidateFunction | undefined;

function compile(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true });
  addFormats(ajv);
  // Sentry ids are 32 hex chars without dashes; the schemars numeric formats need no check.
  ajv.addFormat('uuid', /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i);
  for (const f of ['uint64', 'int64', 'double']) ajv.addFormat(f, true);
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')));
}

type Loose = Record<string, unknown>;

const isRecord = (value: unknown): value is Loose =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Fields Relay's `User` names; any other key is kept by Relay as other user data. */
const USER_KEYS = new Set([
  'id',
  'username',
  'email',
  'ip_address',
  'name',
  'segment',
  'geo',
  'data',
  'sentry_user',
]);

/**
 * The event as Relay stores it, for the forms it accepts beyond the schema: bare arrays for
 * `breadcrumbs`, `exception` and `threads`; a `message` string (or object) as `logentry`; level
 * `log` as `info` (the event's and breadcrumbs'); number and boolean tag values as strings; custom
 * `user` keys as user data and a numeric `user.id` as a string.
 * Anything else is left as sent, so the schema still judges it. The input is not changed.
 */
export function relayRewrite(event: unknown): unknown {
  if (!isRecord(event)) return event;
  const out: Loose = { ...event };
  for (const key of ['breadcrumbs', 'exception', 'threads']) {
    if (Array.isArray(out[key])) out[key] = { values: out[key] };
  }
  // Relay takes `message` as an alias of `logentry`: with both present the event is left to fail.
  if ('message' in out && !('logentry' in out)) {
    const message = out.message;
    if (typeof message === 'string') out.logentry = { formatted: message };
    else if (isRecord(message)) out.logentry = message;
    if (typeof message === 'string' || isRecord(message)) delete out.message;
  }
  if (out.level === 'log') out.level = 'info';
  // Relay also reads level `log` as `info` on breadcrumbs (its Level type), as the event's.
  const crumbs = isRecord(out.breadcrumbs) ? out.breadcrumbs.values : undefined;
  if (Array.isArray(crumbs) && crumbs.some((c) => isRecord(c) && c.level === 'log')) {
    out.breadcrumbs = {
      values: crumbs.map((c) => (isRecord(c) && c.level === 'log' ? { ...c, level: 'info' } : c)),
    };
  }
  if (isRecord(out.tags)) {
    const tags = out.tags;
    out.tags = Object.fromEntries(
      Object.keys(tags).map((k) => {
        const v = tags[k];
        return [k, typeof v === 'number' || typeof v === 'boolean' ? String(v) : v];
      }),
    );
  }
  if (isRecord(out.user)) {
    const user: Loose = {};
    const other: Loose = {};
    for (const [k, v] of Object.entries(out.user)) {
      if (USER_KEYS.has(k)) user[k] = v;
      else other[k] = v;
    }
    // A numeric id (@sentry/node's `id: string | number`) is a lenient string to Relay.
    if (typeof user.id === 'number') user.id = String(user.id);
    if (Object.keys(other).length > 0) user.data = isRecord(user.data) ? { ...other, ...user.data } : other;
    out.user = user;
  }
  return out;
}

/** Returns undefined for a valid error event (after Relay's rewrites), else a readable list of what is wrong. */
export function schemaErrors(event: unknown): string | undefined {
  validate ??= compile();
  if (validate(relayRewrite(event))) return undefined;
  return (validate.errors ?? [])
    .map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('\n');
}
