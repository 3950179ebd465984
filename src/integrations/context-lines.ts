// Source lines around each stack frame, read asynchronously and cached (see event/context-lines).
import { addContextLinesFromCache, addContextLinesToEvent } from '../event/context-lines.js';
import type { Integration } from '../integration.js';

export interface ContextLinesOptions {
  /** Lines before and after each frame's line; 0 turns them off. Default: the `contextLines` option (7, as @sentry/node). */
  frameContextLines?: number;
}

/**
 * Events that may wait at once for a source file to be read. In a burst right after a new error
 * appears, the rest go without context lines rather than pile up in memory (each waiting event
 * outlives V8's scavenges: at 100, a burst against a dead DSN grew its young generation).
 */
const MAX_WAITING = 32;

export function contextLinesIntegration(options: ContextLinesOptions = {}): Integration {
  let waiting = 0;
  return {
    name: 'ContextLines',
    processEvent(event, _hint, client) {
      const lines = options.frameContextLines ?? client.options.contextLines;
      // Files seen before are served from the cache synchronously; only new files are read.
      if (lines <= 0 || addContextLinesFromCache(event, lines) || waiting >= MAX_WAITING) return event;
      waiting++;
      return addContextLinesToEvent(event, lines).then(() => {
        waiting--;
        return event;
      });
    },
  };
}
