// OpenTelemetry for `init({ dsn })`, without fighting the app over global state:
// - no tracer provider registered yet: register a minimal one (@opentelemetry/sdk-trace, the
//   SentrySampler, the SentrySpanProcessor) and otel-sentry's instrumentations (http and undici).
//   Errors only, it records no spans: exceptions recorded on its non-recording spans are reported
//   by wrapping the API's NonRecordingSpan (exporters/non-recording-span.ts);
// - the app registered one (NodeSDK, a TracerProvider): leave it in place and add our span
//   processor to it; its instrumentations stay the only ones (no duplicate spans, no change to
//   what it exports). When the provider is not the OTel SDK's, say once what to add by hand.
// The SDK packages are peers loaded lazily with require(), so a missing one is a warning, not a
// crash. Done once per process, whatever `init()` is called again with.
import { syncBuiltinESMExports } from 'node:module';
import { propagation, type Tracer, trace } from '@opentelemetry/api';
import { captureNonRecordingSpanExceptions } from '../exporters/non-recording-span.js';
import { SentrySampler } from '../exporters/sentry-sampler.js';
import { SENTRY_PROCESSOR, SentrySpanProcessor } from '../exporters/sentry-span-processor.js';
import { SentryW3CPropagator } from './propagator.js';
import { debug } from './utils/debug.js';
import { load, loadOwn, ownRequire, type Require } from './utils/optional-require.js';
import { safe } from './utils/safe.js';

export type OtelSetupMode = 'own' | 'attached' | 'unsupported' | 'unavailable';

interface SetupState {
  mode: OtelSetupMode;
  provider?: unknown;
}

const STATE_KEY = Symbol.for('otel-sentry.otel-setup.v1');
const OTEL_GLOBAL = Symbol.for('opentelemetry.js.api.1');
const HOW_TO =
  "add `new SentrySpanProcessor()` (from 'otel-sentry/exporters') to your tracer provider's spanProcessors " +
  '(NodeSDK: `spanProcessors: [new SentrySpanProcessor(), ...yours]`) and call init({ skipOpenTelemetrySetup: true })';

/** Sets OpenTelemetry up once per process (see above); returns how it was set up. */
export function setupOpenTelemetry(): OtelSetupMode {
  const g = globalThis as { [STATE_KEY]?: SetupState };
  const done = g[STATE_KEY];
  if (done) return done.mode;
  const state = safe<SetupState>('OpenTelemetry setup', setup, { mode: 'unavailable' });
  g[STATE_KEY] = state;
  return state.mode;
}

/** How OpenTelemetry was set up, if `init` did it (undefined with `skipOpenTelemetrySetup`). */
export function otelSetupMode(): OtelSetupMode | undefined {
  return (globalThis as { [STATE_KEY]?: SetupState })[STATE_KEY]?.mode;
}

function setup(): SetupState {
  const globals = (globalThis as { [OTEL_GLOBAL]?: { trace?: unknown } })[OTEL_GLOBAL];
  if (globals?.trace) return attach();

  const require = ownRequire();
  const sdk = load<{ TracerProvider?: new (options: object) => object }>(require, '@opentelemetry/sdk-trace');
  if (!sdk?.TracerProvider) {
    debug.warn(
      'OpenTelemetry is not set up: @opentelemetry/sdk-trace (a peer dependency) could not be loaded. ' +
        'Errors are still captured, but exceptions recorded on spans are not, and events carry no span ids.',
    );
    return { mode: 'unavailable' };
  }
  const processor = new SentrySpanProcessor();
  // Errors only, spans are not recorded (nobody sends them; recording cost ~2 µs CPU per request)
  // once their exceptions are reported anyway. A throwaway provider shows which NonRecordingSpan
  // class this SDK hands out.
  const probe = new sdk.TracerProvider({}) as { getTracer?: (name: string) => Tracer };
  const reportsNonRecording = captureNonRecordingSpanExceptions(
    (span) => processor.captureSpanExceptions(span),
    probe.getTracer?.('otel-sentry'),
  );
  const provider = new sdk.TracerProvider({
    sampler: new SentrySampler({ recordWhenErrorsOnly: !reportsNonRecording }),
    spanProcessors: [processor],
  });
  if (!trace.setGlobalTracerProvider(provider as Parameters<typeof trace.setGlobalTracerProvider>[0])) {
    debug.warn(
      'could not register the tracer provider (another @opentelemetry/api version owns the globals?)',
    );
  }
  // Continue and pass on traces across services, unless the app chose its own propagator.
  const registered = (globalThis as { [OTEL_GLOBAL]?: { propagation?: unknown } })[OTEL_GLOBAL];
  if (!registered?.propagation) propagation.setGlobalPropagator(new SentryW3CPropagator());
  registerInstrumentations(require, provider);
  debug.log(
    'OpenTelemetry set up: tracer provider, SentrySpanProcessor, trace propagation, http and undici instrumentations',
  );
  return { mode: 'own', provider };
}

/** Adds our processor to the provider the app registered (OTel SDK 2.x and 3.x internals). */
function attach(): SetupState {
  const registered = trace.getTracerProvider() as { getDelegate?: () => unknown };
  const provider = safe('getDelegate', () => registered.getDelegate?.() ?? registered, registered);
  const active = (provider as { _activeSpanProcessor?: { _spanProcessors?: unknown } })._activeSpanProcessor;
  const list = active?._spanProcessors;
  if (!Array.isArray(list)) {
    debug.alwaysWarn(
      `the app registered a tracer provider otel-sentry cannot add its span processor to, so exceptions recorded on spans are not reported; ${HOW_TO}.`,
    );
    return { mode: 'unsupported', provider };
  }
  if (list.some((p) => (p as { [SENTRY_PROCESSOR]?: boolean })?.[SENTRY_PROCESSOR] === true)) {
    debug.log('the app tracer provider already has a SentrySpanProcessor');
  } else {
    list.push(new SentrySpanProcessor());
    debug.log(
      'added SentrySpanProcessor to the tracer provider the app registered; its instrumentations are used as they are ' +
        "(for breadcrumbs, wrap your http instrumentation config with withSentryHooks() from 'otel-sentry/instrumentations')",
    );
  }
  return { mode: 'attached', provider };
}

function registerInstrumentations(require: Require, provider: object): void {
  const base = load<{ registerInstrumentations?: (options: object) => unknown }>(
    require,
    '@opentelemetry/instrumentation',
  );
  const ours = loadOwn<{ sentryInstrumentations?: () => unknown[] }>('instrumentations/index.js');
  if (!base?.registerInstrumentations || typeof ours?.sentryInstrumentations !== 'function') {
    debug.warn(
      'the http and undici instrumentations could not be loaded: no breadcrumbs or spans for requests',
    );
    return;
  }
  const instrumentations = ours.sentryInstrumentations();
  base.registerInstrumentations({ instrumentations, tracerProvider: provider });
  // Patch node:http now, before the app loads it, then update the live bindings of the builtin
  // ES modules: a named `import { get } from 'node:http'` made before the patch (by the app, by
  // this package's own ESM build) then sees the instrumented function too.
  for (const id of ['node:http', 'node:https']) safe(`loading ${id}`, () => require(id), undefined);
  safe('syncBuiltinESMExports', syncBuiltinESMExports, undefined);
  // Frameworks an ES module app imports are patched through the ESM loader hook.
  const esm = loadOwn<{ registerEsmLoaderHook?: (list: unknown[]) => boolean }>(
    'instrumentations/esm-loader.js',
  );
  esm?.registerEsmLoaderHook?.(instrumentations);
}
