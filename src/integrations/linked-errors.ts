// Error causes and AggregateError members become linked exceptions, innermost first, as Sentry
// documents (`exception_id`/`parent_id`, `source: 'cause' | 'errors[i]'`).
import { exceptionFromError } from '../event/from-error.js';
import type { Integration } from '../integration.js';
import { isError, safeGet } from '../utils/is.js';

export interface LinkedErrorsOptions {
  /** Linked errors kept at most. Default 5. */
  limit?: number;
}

export function linkedErrorsIntegration(options: LinkedErrorsOptions = {}): Integration {
  const limit = typeof options.limit === 'number' && options.limit >= 0 ? options.limit : 5;
  return {
    name: 'LinkedErrors',
    processEvent(event, hint) {
      const original = hint.originalException;
      const values = event.exception?.values;
      const top = values?.at(-1);
      if (!isError(original) || !values || !top || limit === 0) return event;
      // Most errors link nothing: skip re-reading the whole error (stack, frames) for them.
      if (!hasLinks(original)) return event;
      const chain = exceptionFromError(original, { limit });
      if (chain.length <= 1) return event;
      const group = chain.at(-1)?.mechanism?.is_exception_group;
      // The captured exception keeps the mechanism it was captured with (generic, uncaught, …).
      const root = {
        ...top,
        mechanism: {
          type: 'generic',
          ...top.mechanism,
          exception_id: 0,
          ...(group ? { is_exception_group: true } : {}),
        },
      };
      event.exception = { values: [...chain.slice(0, -1), root] };
      return event;
    },
  };
}

function hasLinks(error: Error): boolean {
  const cause = safeGet(error, 'cause');
  return (cause !== undefined && cause !== null) || Array.isArray(safeGet(error, 'errors'));
}
