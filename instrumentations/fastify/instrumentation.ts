// Fastify (4 and 5): @fastify/otel, an optional peer. With `registerOnInitialization` it plugs
// itself into every new Fastify instance through Fastify's `fastify.initialization` diagnostics
// channel (no module patching, so ESM apps are covered too), names the request after the route
// (`http.route`). Creating it also turns on the automatic error capture (error-handler.ts), which
// sees every error @fastify/otel would record (both come from Fastify's onError hooks) and more,
// with the original value: so @fastify/otel does not record exceptions, or a thrown string (no
// identity to deduplicate by) would be captured twice.
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { requireOptional } from '../../src/utils/optional-require.js';
import type { FrameworkInstrumentation } from '../shared/framework-instrumentation.js';
import { enableFastifyErrorCapture } from './error-handler.js';

type FastifyOtelModule = {
  FastifyOtelInstrumentation?: new (config?: {
    registerOnInitialization?: boolean;
    recordExceptions?: boolean;
  }) => Instrumentation;
};

export const fastifyInstrumentation: FrameworkInstrumentation = {
  name: 'fastify',
  framework: 'fastify',
  instrumentationPackage: '@fastify/otel',
  create() {
    enableFastifyErrorCapture();
    const mod = requireOptional<FastifyOtelModule>(this.instrumentationPackage);
    return mod?.FastifyOtelInstrumentation
      ? new mod.FastifyOtelInstrumentation({ registerOnInitialization: true, recordExceptions: false })
      : undefined;
  },
};
