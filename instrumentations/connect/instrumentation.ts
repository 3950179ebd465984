// Connect: @opentelemetry/instrumentation-connect, an optional peer. It names requests after the
// mount path of the middleware that handled them (`http.route`); it records no errors on spans,
// so Connect errors reach Sentry through setupConnectErrorHandler.
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { requireOptional } from '../../src/utils/optional-require.js';
import type { FrameworkInstrumentation } from '../shared/framework-instrumentation.js';

type ConnectInstrumentationModule = { ConnectInstrumentation?: new (config?: object) => Instrumentation };

export const connectInstrumentation: FrameworkInstrumentation = {
  name: 'connect',
  framework: 'connect',
  instrumentationPackage: '@opentelemetry/instrumentation-connect',
  create() {
    const mod = requireOptional<ConnectInstrumentationModule>(this.instrumentationPackage);
    return mod?.ConnectInstrumentation ? new mod.ConnectInstrumentation() : undefined;
  },
};
