// Options as the user passes them, and their resolution: defaults, SENTRY_* environment
// variables, and a warning plus the default for every value of the wrong type.

import type { IntegrationsOption } from './integration.js';
import type { TracesSampler } from './tracing/sampling-context.js';
import type { TransportFactory, TransportUserOptions } from './transport/types.js';
import type {
  BeforeBreadcrumb,
  BeforeSend,
  BeforeSendTransaction,
  CaptureContext,
  IgnoreSpanPattern,
} from './types.js';
import { debug } from './utils/debug.js';

export interface Options {
  /** Where events go. Empty or missing: the SDK runs but sends nothing. Env: SENTRY_DSN. */
  dsn?: string;
  /** Env: SENTRY_RELEASE. */
  release?: string;
  /** Env: SENTRY_ENVIRONMENT. Default `production`. */
  environment?: string;
  dist?: string;
  /** Default: the host name. */
  serverName?: string;
  /** Share of error events sent, 0..1. Default 1. */
  sampleRate?: number;
  /** Share of traces recorded as transactions, 0..1. Unset: errors only. Env: SENTRY_TRACES_SAMPLE_RATE. */
  tracesSampleRate?: number;
  /**
   * Decides per trace (at its local root span) whether it is sent as a transaction: a number 0..1
   * (or a boolean). Overrides `tracesSampleRate`; a caller's decision is kept unless it says otherwise.
   */
  tracesSampler?: TracesSampler;
  /** Outgoing requests carry trace headers only to URLs matching one of these (substring or RegExp). Default: all. */
  tracePropagationTargets?: Array<string | RegExp>;
  /** Send the W3C `traceparent` header beside `sentry-trace` and `baggage`. Default true. */
  propagateTraceparent?: boolean;
  /** Change or drop (`null`) a transaction before it is sent. */
  beforeSendTransaction?: BeforeSendTransaction;
  /** Transaction names (substring or RegExp) that are never sent. */
  ignoreTransactions?: Array<string | RegExp>;
  /** Spans left out of transactions: a name (substring or RegExp), or `{ name?, op? }`. */
  ignoreSpans?: IgnoreSpanPattern[];
  /** Default 100; 0 disables breadcrumbs. */
  maxBreadcrumbs?: number;
  /** Attach a stack trace to `captureMessage` events. Default false. */
  attachStacktrace?: boolean;
  /** Depth to which contexts, extra, user and breadcrumb data are kept. Default 3. */
  normalizeDepth?: number;
  /** Properties per object kept when normalizing. Default 1000. */
  normalizeMaxBreadth?: number;
  /** Longest exception value, message or breadcrumb message kept. Default 8192. */
  maxValueLength?: number;
  /** Source lines sent before and after each frame's line; 0 turns context lines off. Default 7 (as @sentry/node). */
  contextLines?: number;
  /** Error messages (substring or RegExp) that are never sent. */
  ignoreErrors?: Array<string | RegExp>;
  beforeSend?: BeforeSend;
  beforeBreadcrumb?: BeforeBreadcrumb;
  /** Data applied to the global scope at init. */
  initialScope?: CaptureContext;
  /** Send cookies, auth headers, IPs and user data. Default false. */
  sendDefaultPii?: boolean;
  /**
   * Keys (substrings, case-insensitive, or RegExps) whose values are also filtered everywhere in
   * events (extra, contexts, tags, user, breadcrumb data, headers, query strings), even with
   * `sendDefaultPii`.
   */
  denyKeys?: Array<string | RegExp>;
  /** Keys the default scrubbing leaves alone (`denyKeys` still applies). */
  allowKeys?: Array<string | RegExp>;
  /** Request bodies attached to events of incoming requests: none (default), small (1 kB), medium (10 kB), always. */
  maxRequestBodySize?: 'none' | 'small' | 'medium' | 'always';
  /** Count dropped events and send client reports. Default true. */
  sendClientReports?: boolean;
  /** Log what the SDK does. Env: SENTRY_DEBUG. */
  debug?: boolean;
  /** `false` turns the SDK off entirely. */
  enabled?: boolean;
  transport?: TransportFactory;
  transportOptions?: TransportUserOptions;
  /**
   * Also send every envelope to a local Spotlight or `otel-sentry inbox`: `true` for
   * http://localhost:8969/stream, or its URL. Works without a DSN. Env: SENTRY_SPOTLIGHT.
   */
  spotlight?: boolean | string;
  /** How long to flush on exit and on fatal errors, in ms. Default 2000. */
  shutdownTimeout?: number;
  /** Integrations added to the defaults (same name: replaces), or a function of the defaults. */
  integrations?: IntegrationsOption;
  /** `false` turns every default integration off. */
  defaultIntegrations?: boolean;
  /** Leave OpenTelemetry setup (tracer provider, context manager, instrumentations) to the app. */
  skipOpenTelemetrySetup?: boolean;
  /**
   * How sampled spans reach Sentry: built into transactions (default) or sent as they are to the
   * DSN's OTLP traces endpoint. Env: SENTRY_TRACES_VIA.
   */
  tracesVia?: 'transactions' | 'otlp';
}

export interface ResolvedOptions
  extends Required<
    Pick<
      Options,
      | 'environment'
      | 'sampleRate'
      | 'maxBreadcrumbs'
      | 'attachStacktrace'
      | 'normalizeDepth'
      | 'normalizeMaxBreadth'
      | 'maxValueLength'
      | 'contextLines'
      | 'ignoreErrors'
      | 'ignoreTransactions'
      | 'ignoreSpans'
      | 'propagateTraceparent'
      | 'sendDefaultPii'
      | 'denyKeys'
      | 'allowKeys'
      | 'maxRequestBodySize'
      | 'sendClientReports'
      | 'debug'
      | 'enabled'
      | 'shutdownTimeout'
      | 'skipOpenTelemetrySetup'
      | 'transportOptions'
      | 'tracesVia'
    >
  > {
  dsn?: string;
  release?: string;
  dist?: string;
  serverName?: string;
  tracesSampleRate?: number;
  tracesSampler?: TracesSampler;
  tracePropagationTargets?: Array<string | RegExp>;
  beforeSend?: BeforeSend;
  beforeSendTransaction?: BeforeSendTransaction;
  beforeBreadcrumb?: BeforeBreadcrumb;
  initialScope?: CaptureContext;
  transport?: TransportFactory;
  spotlight?: string;
  integrations?: IntegrationsOption;
  defaultIntegrations: boolean;
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
};

/** Validates and completes options; never throws, whatever it is given. */
export function resolveOptions(input: unknown, env: NodeJS.ProcessEnv = process.env): ResolvedOptions {
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
  };
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
