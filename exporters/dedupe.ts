// The string-identity dedupe of exceptions lives in src/recent-exceptions.ts: the logger
// integrations share it with the span and log record processors.
export {
  DEDUPE_WINDOW_MS,
  exceptionKey,
  loggedExceptionKey,
  RecentExceptions,
  recentExceptions,
} from '../src/recent-exceptions.js';
