// Options as the user passes them, and their resolution: defaults, SENTRY_* environment
// variables, and a warning plus the default for every value of the wrong type.

import type { CoreOptions, ResolvedOptions } from './core-options.js';
import type { IntegrationsOption } from './integration.js';
import { debug } from './utils/debug.js';

export type { CoreOptions, ResolvedOptions } from './core-options.js';

export interface Options extends CoreOptions {
  /** Integrations added to the defaults (same name: replaces), or a function of the defaults. */
  integrations?: IntegrationsOption;
}

/** What `init` works from: the resolved options and the integrations option as given. */
export interface InitOptions extends ResolvedOptions {
  integrations?: IntegrationsOption;
}

type Check = (value: unknown) => boolean;
const isString: Check = (v) => typeof v === 'string';
const isBool: Check = (v) => typeof v === 'boolean';
const isFn: Check = (v) => typeof v === 'function';
const isObj: Check = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isRate: Check = (v) => typeof v === 'number' && v >= 0 && v <= 1;
const isCount: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isPositive: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v > 0;
const isPatterns: Check = (v) =>
  Array.isArray(v) && v.every((p) => typeof p === 'string' || p instanceof RegExp);
const isSpanPatterns: Check = (v) =>
  Array.isArray(v) &&
  v.every(
    (p) =>
      typeof p === 'string' ||
      p instanceof RegExp ||
      (isObj(p) &&
        (isPatterns([(p as { name?: unknown }).name ?? '']) ||
          isPatterns([(p as { op?: unknown }).op ?? '']))),
  );

const CHECKS: Record<keyof Options, [Check, string]> = {
  dsn: [isString, 'a string'],
  release: [isString, 'a string'],
  environment: [isString, 'a string'],
  dist: [isString, 'a string'],
  serverName: [isString, 'a string'],
  sampleRate: [isRate, 'a number between 0 and 1'],
  tracesSampleRate: [isRate, 'a number between 0 and 1'],
  tracesSampler: [isFn, 'a function'],
  tracePropagationTargets: [isPatterns, 'an array of strings and RegExps'],
  propagateTraceparent: [isBool, 'a boolean'],
  beforeSendTransaction: [isFn, 'a function'],
  ignoreTransactions: [isPatterns, 'an array of strings and RegExps'],
  ignoreSpans: [isSpanPatterns, 'an array of strings, RegExps and { name, op } objects'],
  maxBreadcrumbs: [isCount, 'a whole number >= 0'],
  attachStacktrace: [isBool, 'a boolean'],
  normalizeDepth: [isCount, 'a whole number >= 0'],
  normalizeMaxBreadth: [isCount, 'a whole number >= 0'],
  maxValueLength: [isPositive, 'a positive number'],
  contextLines: [isCount, 'a whole number >= 0'],
  ignoreErrors: [isPatterns, 'an array of strings and RegExps'],
  beforeSend: [isFn, 'a function'],
  beforeBreadcrumb: [isFn, 'a function'],
  initialScope: [isObj, 'an object'],
  sendDefaultPii: [isBool, 'a boolean'],
  denyKeys: [isPatterns, 'an array of strings and RegExps'],
  allowKeys: [isPatterns, 'an array of strings and RegExps'],
  maxRequestBodySize: [
    (v) => ['none', 'small', 'medium', 'always'].includes(v as string),
    "'none', 'small', 'medium' or 'always'",
  ],
  sendClientReports: [isBool, 'a boolean'],
  debug: [isBool, 'a boolean'],
  enabled: [isBool, 'a boolean'],
  transport: [isFn, 'a function'],
  transportOptions: [isObj, 'an object'],
  spotlight: [
    (v) => typeof v === 'boolean' || (typeof v === 'string' && /^https?:\/\//.test(v)),
    'true or an http(s) URL',
  ],
  shutdownTimeout: [isPositive, 'a positive number of milliseconds'],
  skipOpenTelemetrySetup: [isBool, 'a boolean'],
  integrations: [(v) => Array.isArray(v) || typeof v === 'function', 'an array or a function'],
  defaultIntegrations: [isBool, 'a boolean'],
  tracesVia: [(v) => v === 'transactions' || v === 'otlp', "'transactions' or 'otlp'"],
  enableMetrics: [isBool, 'a boolean'],
  beforeSendMetric: [isFn, 'a function'],
  includeLocalVariables: [isBool, 'a boolean'],
  enableLogs: [isBool, 'a boolean'],
  beforeSendLog: [isFn, 'a function'],
  _experiments: [isObj, 'an object'],
};

/** Validates and completes options; never throws, whatever it is given. */
export function resolveOptions(input: unknown, env: NodeJS.ProcessEnv = process.env): InitOptions {
  const given: Record<string, unknown> = {};
  if (input !== undefined && input !== null) {
    if (typeof input === 'object') {
      for (const key of Object.keys(CHECKS) as (keyof Options)[]) {
        let value: unknown;
        try {
          value = (input as Record<string, unknown>)[key];
        } catch {
          debug.alwaysWarn(`option "${key}" could not be read; using its default`);
          continue;
        }
        if (value === undefined) continue;
        const [check, expected] = CHECKS[key];
        if (check(value)) given[key] = value;
        else debug.alwaysWarn(`option "${key}" should be ${expected}; using its default`);
      }
    } else {
      debug.alwaysWarn(`init() expects an options object, got ${typeof input}; using defaults`);
    }
  }
  const fromEnv = envOptions(env);
  const o = { ...fromEnv, ...given } as Options;
  return {
    dsn: o.dsn,
    release: o.release,
    dist: o.dist,
    serverName: o.serverName,
    tracesSampleRate: o.tracesSampleRate,
    tracesSampler: o.tracesSampler,
    tracePropagationTargets: o.tracePropagationTargets,
    propagateTraceparent: o.propagateTraceparent ?? true,
    beforeSend: o.beforeSend,
    beforeSendTransaction: o.beforeSendTransaction,
    ignoreTransactions: o.ignoreTransactions ?? [],
    ignoreSpans: o.ignoreSpans ?? [],
    beforeBreadcrumb: o.beforeBreadcrumb,
    initialScope: o.initialScope,
    transport: o.transport,
    spotlight: o.spotlight === true ? DEFAULT_SPOTLIGHT_URL : o.spotlight || undefined,
    environment: o.environment ?? 'production',
    sampleRate: o.sampleRate ?? 1,
    maxBreadcrumbs: o.maxBreadcrumbs ?? 100,
    attachStacktrace: o.attachStacktrace ?? false,
    normalizeDepth: o.normalizeDepth ?? 3,
    normalizeMaxBreadth: o.normalizeMaxBreadth ?? 1000,
    maxValueLength: o.maxValueLength ?? 8192,
    contextLines: o.contextLines ?? 7,
    ignoreErrors: o.ignoreErrors ?? [],
    sendDefaultPii: o.sendDefaultPii ?? false,
    denyKeys: o.denyKeys ?? [],
    allowKeys: o.allowKeys ?? [],
    maxRequestBodySize: o.maxRequestBodySize ?? 'none',
    sendClientReports: o.sendClientReports ?? true,
    debug: o.debug ?? false,
    enabled: o.enabled ?? true,
    shutdownTimeout: o.shutdownTimeout ?? 2000,
    skipOpenTelemetrySetup: o.skipOpenTelemetrySetup ?? false,
    transportOptions: o.transportOptions ?? {},
    integrations: o.integrations,
    defaultIntegrations: o.defaultIntegrations !== false,
    tracesVia: o.tracesVia ?? 'transactions',
    enableMetrics: o.enableMetrics ?? true,
    beforeSendMetric: o.beforeSendMetric,
    includeLocalVariables: o.includeLocalVariables,
    ...logOptions(o),
  };
}

/** `enableLogs` and `beforeSendLog`, top-level or (as older @sentry/node took them) in `_experiments`. */
function logOptions(o: Options): Pick<ResolvedOptions, 'enableLogs' | 'beforeSendLog'> {
  const exp = o._experiments;
  const enable = o.enableLogs ?? (typeof exp?.enableLogs === 'boolean' ? exp.enableLogs : undefined);
  const before =
    o.beforeSendLog ?? (typeof exp?.beforeSendLog === 'function' ? exp.beforeSendLog : undefined);
  return { enableLogs: enable, ...(before && { beforeSendLog: before }) };
}

const DEFAULT_SPOTLIGHT_URL = 'http://localhost:8969/stream';

function envOptions(env: NodeJS.ProcessEnv): Options {
  const o: Options = {};
  const spotlight = env.SENTRY_SPOTLIGHT;
  if (spotlight && !['0', 'false', 'no', 'off'].includes(spotlight.toLowerCase())) {
    o.spotlight = /^https?:\/\//.test(spotlight) ? spotlight : true;
  }
  if (env.SENTRY_DSN) o.dsn = env.SENTRY_DSN;
  if (env.SENTRY_RELEASE) o.release = env.SENTRY_RELEASE;
  if (env.SENTRY_ENVIRONMENT) o.environment = env.SENTRY_ENVIRONMENT;
  const debugFlag = env.SENTRY_DEBUG?.toLowerCase();
  if (debugFlag) o.debug = ['1', 'true', 'yes', 'on'].includes(debugFlag);
  const rate = env.SENTRY_TRACES_SAMPLE_RATE;
  if (rate) {
    const n = Number(rate);
    if (isRate(n)) o.tracesSampleRate = n;
    else debug.alwaysWarn(`SENTRY_TRACES_SAMPLE_RATE="${rate}" is not a number between 0 and 1; ignored`);
  }
  const via = env.SENTRY_TRACES_VIA?.toLowerCase();
  if (via === 'otlp' || via === 'transactions') o.tracesVia = via;
  else if (via)
    debug.alwaysWarn(`SENTRY_TRACES_VIA="${env.SENTRY_TRACES_VIA}" is not 'transactions' or 'otlp'; ignored`);
  return o;
}
