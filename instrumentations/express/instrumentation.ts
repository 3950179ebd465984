// Express (4 and 5): @opentelemetry/instrumentation-express, an optional peer. It names requests
// after the matched route (`http.route`) and records errors on its layer spans.
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { requireOptional } from '../../src/utils/optional-require.js';
import type { FrameworkInstrumentation } from '../shared/framework-instrumentation.js';

type ExpressInstrumentationModule = { ExpressInstrumentation?: new (config?: object) => Instrumentation };

export const expressInstrumentation: FrameworkInstrumentation = {
  name: 'express',
  framework: 'express',
  instrumentationPackage: '@opentelemetry/instrumentation-express',
  esm: true,
  create() {
    const mod = requireOptional<ExpressInstrumentationModule>(this.instrumentationPackage);
    return mod?.ExpressInstrumentation ? new mod.ExpressInstrumentation() : undefined;
  },
};
