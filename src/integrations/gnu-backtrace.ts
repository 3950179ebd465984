// Native backtraces in exception messages (a ClickHouse server's, glibc's `backtrace_symbols()`,
// Node's fatal-error native stack read from a child's stderr) become native frames after the
// JavaScript ones, and the message keeps only its other lines. Pure string work, as in
// sentry-python, which does not enable it by default either: add `gnuBacktraceIntegration()`.
import type { Integration } from '../integration.js';
import type { ExceptionValue } from '../protocol/types.js';
import { parseNativeBacktrace } from './gnu-backtrace-parse.js';

export function gnuBacktraceIntegration(): Integration {
  return {
    name: 'GnuBacktrace',
    processEvent(event, hint) {
      const values = event.exception?.values;
      if (hint.originalException === undefined || !Array.isArray(values)) return event;
      let changed = false;
      const next = values.map((value): ExceptionValue => {
        if (typeof value?.value !== 'string' || value.value === '') return value;
        const parsed = parseNativeBacktrace(value.value);
        if (!parsed) return value;
        changed = true;
        const frames = [...(value.stacktrace?.frames ?? []), ...parsed.frames];
        return { ...value, value: parsed.message, stacktrace: { ...value.stacktrace, frames } };
      });
      return changed ? { ...event, exception: { ...event.exception, values: next } } : event;
    },
  };
}
