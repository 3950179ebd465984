// NestJS (4 to 11): @opentelemetry/instrumentation-nestjs-core, an optional peer, makes spans for
// Nest's request handlers and records their errors. Nest answers errors in its exception filters;
// our subclass makes Nest's BaseExceptionFilter (its default handler, and the base of most
// user filters) capture before it answers.
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { requireOptional } from '../../src/utils/optional-require.js';
import { extendInstrumentation, type InstrumentationClass } from '../shared/extend-instrumentation.js';
import type { FrameworkInstrumentation } from '../shared/framework-instrumentation.js';
import { captureNestError, nestState } from './capture.js';

const ORIGINAL = Symbol.for('otel-sentry.nestjs.catch.original.v1');

type Catch = ((this: unknown, exception: unknown, host: unknown, ...rest: unknown[]) => unknown) & {
  [ORIGINAL]?: Catch;
};
type NestCore = { BaseExceptionFilter?: { prototype?: { catch?: Catch } } } | undefined;

function patchBaseFilter(exports: unknown): void {
  const proto = (exports as NestCore)?.BaseExceptionFilter?.prototype;
  const original = proto?.catch;
  if (!proto || typeof original !== 'function' || original[ORIGINAL]) return;
  const patched: Catch = function (this: unknown, exception, host, ...rest) {
    captureNestError(exception, host);
    return original.call(this, exception, host, ...rest);
  };
  patched[ORIGINAL] = original;
  proto.catch = patched;
  nestState.instrumented = true;
}

function unpatchBaseFilter(exports: unknown): void {
  const proto = (exports as NestCore)?.BaseExceptionFilter?.prototype;
  const original = proto?.catch?.[ORIGINAL];
  if (proto && original) proto.catch = original;
  nestState.instrumented = false;
}

type NestInstrumentationModule = { NestInstrumentation?: InstrumentationClass };

export const nestjsInstrumentation: FrameworkInstrumentation = {
  name: 'nestjs',
  framework: '@nestjs/core',
  instrumentationPackage: '@opentelemetry/instrumentation-nestjs-core',
  create(): Instrumentation | undefined {
    const Base = requireOptional<NestInstrumentationModule>(this.instrumentationPackage)?.NestInstrumentation;
    if (!Base) return undefined;
    const Extended = extendInstrumentation(Base, {
      module: '@nestjs/core',
      patch: patchBaseFilter,
      unpatch: unpatchBaseFilter,
    });
    return new Extended();
  },
};
