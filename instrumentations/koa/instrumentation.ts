// Koa (2 and 3): @opentelemetry/instrumentation-koa, an optional peer, names requests after the
// @koa/router route and records errors on its middleware spans; our subclass also attaches the
// app's 'error' listener when the app makes its request handler (see error-handler.ts).
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { requireOptional } from '../../src/utils/optional-require.js';
import {
  extendInstrumentation,
  type InstrumentationClass,
  moduleExportsOf,
} from '../shared/extend-instrumentation.js';
import type { FrameworkInstrumentation } from '../shared/framework-instrumentation.js';
import { attachKoaErrorListener } from './error-handler.js';

const ORIGINAL = Symbol.for('otel-sentry.koa.callback.original.v1');

type Callback = ((this: unknown, ...args: unknown[]) => unknown) & { [ORIGINAL]?: Callback };
type KoaClass = { prototype?: { callback?: Callback } } | undefined;

function patchCallback(exports: unknown): void {
  const proto = (moduleExportsOf(exports) as KoaClass)?.prototype;
  const original = proto?.callback;
  if (!proto || typeof original !== 'function' || original[ORIGINAL]) return;
  const callback: Callback = function callback(this: unknown, ...args: unknown[]) {
    const handler = original.apply(this, args);
    attachKoaErrorListener(this);
    return handler;
  };
  callback[ORIGINAL] = original;
  proto.callback = callback;
}

function unpatchCallback(exports: unknown): void {
  const proto = (moduleExportsOf(exports) as KoaClass)?.prototype;
  const original = proto?.callback?.[ORIGINAL];
  if (proto && original) proto.callback = original;
}

type KoaInstrumentationModule = { KoaInstrumentation?: InstrumentationClass };

export const koaInstrumentation: FrameworkInstrumentation = {
  name: 'koa',
  framework: 'koa',
  instrumentationPackage: '@opentelemetry/instrumentation-koa',
  create(): Instrumentation | undefined {
    const Base = requireOptional<KoaInstrumentationModule>(this.instrumentationPackage)?.KoaInstrumentation;
    if (!Base) return undefined;
    const Extended = extendInstrumentation(Base, {
      module: 'koa',
      patch: patchCallback,
      unpatch: unpatchCallback,
    });
    return new Extended();
  },
};
