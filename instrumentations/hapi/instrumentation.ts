// Hapi (17 to 21): @opentelemetry/instrumentation-hapi, an optional peer, names requests after
// the route and records errors on route spans; our subclass also adds the error extension to
// every server `Hapi.server()` / `new Hapi.Server()` makes (see error-handler.ts).
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { requireOptional } from '../../src/utils/optional-require.js';
import {
  extendInstrumentation,
  type InstrumentationClass,
  moduleExportsOf,
} from '../shared/extend-instrumentation.js';
import type { FrameworkInstrumentation } from '../shared/framework-instrumentation.js';
import { attachHapiErrorHandler } from './error-handler.js';
import { rememberThrownValues } from './thrown-values.js';

const ORIGINAL = Symbol.for('otel-sentry.hapi.server.original.v1');
const FACTORIES = ['server', 'Server'] as const;

type Factory = ((this: unknown, ...args: unknown[]) => unknown) & { [ORIGINAL]?: Factory };
type HapiModule = Partial<Record<(typeof FACTORIES)[number], Factory>>;

function patchFactories(exports: unknown): void {
  const hapi = moduleExportsOf(exports) as HapiModule | undefined;
  if (!hapi) return;
  for (const name of FACTORIES) {
    const original = hapi[name];
    if (typeof original !== 'function' || original[ORIGINAL]) continue;
    const factory: Factory = function server(this: unknown, ...args: unknown[]) {
      const made = original.apply(this, args);
      rememberThrownValues(made);
      attachHapiErrorHandler(made);
      return made;
    };
    factory[ORIGINAL] = original;
    hapi[name] = factory;
  }
}

function unpatchFactories(exports: unknown): void {
  const hapi = moduleExportsOf(exports) as HapiModule | undefined;
  for (const name of FACTORIES) {
    const original = hapi?.[name]?.[ORIGINAL];
    if (hapi && original) hapi[name] = original;
  }
}

type HapiInstrumentationModule = { HapiInstrumentation?: InstrumentationClass };

export const hapiInstrumentation: FrameworkInstrumentation = {
  name: 'hapi',
  framework: '@hapi/hapi',
  instrumentationPackage: '@opentelemetry/instrumentation-hapi',
  create(): Instrumentation | undefined {
    const Base = requireOptional<HapiInstrumentationModule>(this.instrumentationPackage)?.HapiInstrumentation;
    if (!Base) return undefined;
    const Extended = extendInstrumentation(Base, {
      module: '@hapi/hapi',
      patch: patchFactories,
      unpatch: unpatchFactories,
    });
    return new Extended();
  },
};
