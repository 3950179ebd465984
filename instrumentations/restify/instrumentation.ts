// Restify (4.1 to 12): @opentelemetry/instrumentation-restify, an optional peer. It names requests
// after the matched route (`http.route`) and records what async handlers reject with. When it
// patches restify's lib/server.js we also wrap `Server.prototype._onHandlerError`
// (error-handler.ts), so every server's errors are captured without setup.
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { requireOptional } from '../../src/utils/optional-require.js';
import type { FrameworkInstrumentation } from '../shared/framework-instrumentation.js';
import { unwrapOnHandlerError, wrapOnHandlerError } from './error-handler.js';

type Patch = (exports: unknown, version?: string) => unknown;
interface ModuleFile {
  name: string;
  patch: Patch;
  unpatch: Patch;
}
interface ModuleDefinition {
  files?: ModuleFile[];
}
type InstrumentationClass = new (config?: object) => Instrumentation & { init(): unknown };
type RestifyInstrumentationModule = { RestifyInstrumentation?: InstrumentationClass };

const SERVER_FILE = 'restify/lib/server.js';

/** Adds our wrapping of the Server class to the instrumentation's patch of lib/server.js. */
function withErrorCapture(definitions: unknown): unknown {
  const list = (Array.isArray(definitions) ? definitions : [definitions]) as ModuleDefinition[];
  for (const file of list.flatMap((d) => d?.files ?? [])) {
    if (file.name !== SERVER_FILE) continue;
    const { patch, unpatch } = file;
    file.patch = (exports, version) => {
      const out = patch(exports, version);
      wrapOnHandlerError((exports as { prototype?: unknown } | undefined)?.prototype);
      return out;
    };
    file.unpatch = (exports, version) => {
      unwrapOnHandlerError((exports as { prototype?: unknown } | undefined)?.prototype);
      return unpatch(exports, version);
    };
  }
  return definitions;
}

export const restifyInstrumentation: FrameworkInstrumentation = {
  name: 'restify',
  framework: 'restify',
  instrumentationPackage: '@opentelemetry/instrumentation-restify',
  create() {
    const Base = requireOptional<RestifyInstrumentationModule>(
      this.instrumentationPackage,
    )?.RestifyInstrumentation;
    if (!Base) return undefined;
    // init() runs in the base constructor: the override must not use fields of its own.
    class SentryRestifyInstrumentation extends Base {
      override init(): unknown {
        return withErrorCapture(super.init());
      }
    }
    return new SentryRestifyInstrumentation();
  },
};
