// A framework's stock OTel instrumentation, plus one more patch on the same module: where the
// framework exposes its errors without a hook the user must add (koa's 'error' event, a hapi
// server's extension points), we attach our error handler when the framework is loaded, through
// the instrumentation that loads it anyway. Its module definitions are the documented
// `InstrumentationModuleDefinition` shape: we only chain onto their `patch` and `unpatch`.
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { safe } from '../../src/utils/safe.js';

// biome-ignore lint/suspicious/noExplicitAny: a mixin base must take any constructor arguments
export type InstrumentationClass = new (...args: any[]) => Instrumentation;

/** The patch added to a module: it receives the module's exports (CommonJS or ES namespace). */
export interface ExtraPatch {
  /** The module name, as in the instrumentation's definition (`koa`, `@hapi/hapi`). */
  module: string;
  patch(exports: unknown): void;
  unpatch(exports: unknown): void;
}

interface ModuleDefinition {
  name?: unknown;
  patch?: (exports: unknown, version?: string) => unknown;
  unpatch?: (exports: unknown, version?: string) => unknown;
}

/** The class the framework's package exports for CommonJS, or the default of its ES namespace. */
export function moduleExportsOf(module: unknown): unknown {
  const esm = (module as { [Symbol.toStringTag]?: unknown } | null)?.[Symbol.toStringTag] === 'Module';
  return esm ? (module as { default?: unknown }).default : module;
}

/** A subclass of `Base` whose definition of `extra.module` also applies `extra`. */
export function extendInstrumentation(Base: InstrumentationClass, extra: ExtraPatch): InstrumentationClass {
  return class extends Base {
    init(): unknown {
      // init() is protected on InstrumentationBase and runs from its constructor.
      const definitions = (Base.prototype as unknown as { init(this: unknown): unknown }).init.call(this);
      for (const definition of [definitions].flat() as ModuleDefinition[]) {
        if (definition?.name === extra.module) chain(definition, extra);
      }
      return definitions;
    }
  };
}

function chain(definition: ModuleDefinition, extra: ExtraPatch): void {
  const { patch, unpatch } = definition;
  definition.patch = (exports, version) => {
    const out = patch ? patch(exports, version) : exports;
    safe(`${extra.module} error hook`, () => extra.patch(out), undefined);
    return out;
  };
  definition.unpatch = (exports, version) => {
    safe(`${extra.module} error hook removal`, () => extra.unpatch(exports), undefined);
    return unpatch ? unpatch(exports, version) : undefined;
  };
}
