// The route a framework matched for the request being handled, as its OTel instrumentation wrote
// it into the request's RPC metadata (express, connect: with mount paths, `/api/items/:id`).
// Read from the active context, so a framework error handler sees its own request's route.
import { context, createContextKey } from '@opentelemetry/api';
import { safeGet } from '../../src/utils/is.js';
import { safe } from '../../src/utils/safe.js';

/** @opentelemetry/core's key (a `Symbol.for`, so shared by every copy of core). */
const RPC_METADATA_KEY = createContextKey('OpenTelemetry SDK Context Key RPC_METADATA');

/** The matched route of the active request, if an instrumentation recorded one. Never throws. */
export function activeRoute(): string | undefined {
  return safe(
    'reading the request route',
    () => {
      const route = safeGet(context.active().getValue(RPC_METADATA_KEY), 'route');
      return typeof route === 'string' && route ? route : undefined;
    },
    undefined,
  );
}
