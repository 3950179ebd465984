// The contract of one framework's entry in the registry (framework-instrumentations.ts): each
// framework's folder exports one of these from its instrumentation.ts.
import type { Instrumentation } from '@opentelemetry/instrumentation';

/** One framework: its package, and how to make its instrumentation. */
export interface FrameworkInstrumentation {
  /** The key in `sentryInstrumentations({ frameworks: { express: false } })`. */
  name: string;
  /** The framework's package: the instrumentation is added only when the app can load it. */
  framework: string;
  /** The instrumentation package, named in the debug line when it is missing. */
  instrumentationPackage: string;
  /** Its instrumentation also patches the framework when an ES module imports it (esm-loader.ts). */
  esm?: boolean;
  /** A new instrumentation, or undefined when its package is not installed. */
  create(): Instrumentation | undefined;
}
