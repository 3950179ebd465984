// The OpenTelemetry instrumentations of web frameworks, added by sentryInstrumentations() (and so
// by init() and the preload) for each framework the app has installed. Each one comes from an
// optional peer package (@opentelemetry/instrumentation-express, @fastify/otel, ...), loaded only
// when the framework itself is installed: an app without the framework pays one failed resolve.
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { debug } from '../src/utils/debug.js';
import { isInstalled } from '../src/utils/optional-require.js';
import { safe } from '../src/utils/safe.js';
import { connectInstrumentation } from './connect/instrumentation.js';
import { ESM_MODULE } from './esm-loader.js';
import { expressInstrumentation } from './express/instrumentation.js';
import { fastifyInstrumentation } from './fastify/instrumentation.js';
import { hapiInstrumentation } from './hapi/instrumentation.js';
import { koaInstrumentation } from './koa/instrumentation.js';
import { nestjsInstrumentation } from './nestjs/instrumentation.js';
import { restifyInstrumentation } from './restify/instrumentation.js';
import type { FrameworkInstrumentation } from './shared/framework-instrumentation.js';

const FRAMEWORKS: FrameworkInstrumentation[] = [
  expressInstrumentation,
  connectInstrumentation,
  koaInstrumentation,
  hapiInstrumentation,
  nestjsInstrumentation,
  fastifyInstrumentation,
  restifyInstrumentation,
];

/** `true` (all), `false` (none) or per framework name (missing names default to on). */
export type FrameworksOption = boolean | Record<string, boolean>;

/** The instrumentations of the installed frameworks; new instances on each call. */
export function frameworkInstrumentations(option: FrameworksOption = true): Instrumentation[] {
  if (option === false) return [];
  const out: Instrumentation[] = [];
  for (const spec of FRAMEWORKS) {
    if (typeof option === 'object' && option !== null && option[spec.name] === false) continue;
    if (!isInstalled(spec.framework)) continue;
    const instrumentation = safe(`${spec.name} instrumentation`, () => spec.create(), undefined);
    if (instrumentation && spec.esm) markEsm(instrumentation, spec.framework);
    if (instrumentation) out.push(instrumentation);
    else
      debug.log(
        `${spec.framework} is installed but ${spec.instrumentationPackage} is not: no ${spec.name} spans`,
      );
  }
  return out;
}

function markEsm(instrumentation: Instrumentation, framework: string): void {
  safe(
    'marking an ESM instrumentation',
    () => Object.defineProperty(instrumentation, ESM_MODULE, { value: framework }),
    undefined,
  );
}
