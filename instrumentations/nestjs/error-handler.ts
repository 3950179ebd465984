// NestJS answers errors in its exception filters, so they never reach express or fastify. Three
// ways in, as @sentry/node and @sentry/nestjs offer them:
// - automatic: with our instrumentation, Nest's BaseExceptionFilter (its default handler, and
//   the base of most user filters) captures before answering (instrumentation.ts);
// - setupNestErrorHandler(app, baseFilter?): a global filter that captures, then lets
//   `baseFilter` (default: Nest's BaseExceptionFilter) answer exactly as before;
// - @SentryExceptionCaptured() on the catch() of the app's own catch-all filter.
import { debug } from '../../src/utils/debug.js';
import { safeGet } from '../../src/utils/is.js';
import { requireOptional } from '../../src/utils/optional-require.js';
import { safe } from '../../src/utils/safe.js';
import { type FrameworkErrorHandlerOptions, readHandlerOptions } from '../shared/framework-error.js';
import { captureNestError, nestState } from './capture.js';

/** A Nest exception filter: `catch(exception, host)`. */
export interface NestExceptionFilter {
  catch(exception: unknown, host: unknown): unknown;
}

type BaseFilterClass = new (applicationRef?: unknown) => NestExceptionFilter;

function isFilter(value: unknown): value is NestExceptionFilter {
  return typeof safeGet(value, 'catch') === 'function';
}

/**
 * Adds a global exception filter that captures what Nest's filters receive (not HttpExceptions
 * below 500), then hands it to `baseFilter` (default: `new BaseExceptionFilter(httpAdapter)`),
 * which answers. Pass your own catch-all filter as `baseFilter`: Nest uses one global catch-all.
 * Never throws.
 */
export function setupNestErrorHandler(
  app: unknown,
  baseFilter?: NestExceptionFilter,
  options?: FrameworkErrorHandlerOptions,
): void {
  safe(
    'setupNestErrorHandler',
    () => {
      const useGlobalFilters = safeGet(app, 'useGlobalFilters');
      if (typeof useGlobalFilters !== 'function') {
        debug.alwaysWarn(
          'setupNestErrorHandler: expected a Nest application (NestFactory.create()); nothing set up',
        );
        return;
      }
      const base = isFilter(baseFilter) ? baseFilter : defaultFilter(app);
      if (!base) return;
      const handlerOptions = readHandlerOptions('nestjs', options);
      const filter: NestExceptionFilter = {
        catch(exception, host) {
          safe('nestjs error filter', () => captureNestError(exception, host, handlerOptions), undefined);
          nestState.delegating++;
          try {
            return base.catch(exception, host);
          } finally {
            nestState.delegating--;
          }
        },
      };
      useGlobalFilters.call(app, filter);
    },
    undefined,
  );
}

function defaultFilter(app: unknown): NestExceptionFilter | undefined {
  const Base = requireOptional<{ BaseExceptionFilter?: BaseFilterClass }>(
    '@nestjs/core',
  )?.BaseExceptionFilter;
  const getHttpAdapter = safeGet(app, 'getHttpAdapter');
  if (!Base || typeof getHttpAdapter !== 'function') {
    debug.alwaysWarn('setupNestErrorHandler: @nestjs/core not found; pass the base filter to use');
    return undefined;
  }
  return new Base(getHttpAdapter.call(app));
}

/**
 * A method decorator for the `catch()` of your own catch-all exception filter: what it receives
 * is captured (not HttpExceptions below 500) before your code answers. Never throws.
 */
export function SentryExceptionCaptured(options?: FrameworkErrorHandlerOptions) {
  const handlerOptions = readHandlerOptions('nestjs', options);
  return (_target: unknown, _key: unknown, descriptor: PropertyDescriptor): PropertyDescriptor => {
    const original: unknown = safeGet(descriptor, 'value');
    if (typeof original !== 'function') {
      debug.alwaysWarn('SentryExceptionCaptured: put it on a method (your filter catch())');
      return descriptor;
    }
    descriptor.value = function catchAndCapture(
      this: unknown,
      exception: unknown,
      host: unknown,
      ...rest: unknown[]
    ) {
      safe('nestjs error filter', () => captureNestError(exception, host, handlerOptions), undefined);
      return original.call(this, exception, host, ...rest);
    };
    return descriptor;
  };
}
