// os, runtime, app, device, culture and cloud_resource contexts. Detection runs once, asynchronously,
// from setup; events wait for it off the capture path, so even the first event carries them.
import { contextsReady, getContexts, getContextsSync, startContextDetection } from '../event/contexts.js';
import type { Integration } from '../integration.js';
import type { Contexts, Event } from '../protocol/types.js';

/** Events that may wait at once for OS detection; in a burst right after init the rest go without `os`. */
const MAX_WAITING = 100;

export function contextsIntegration(): Integration {
  let waiting = 0;
  return {
    name: 'Context',
    setup() {
      startContextDetection();
    },
    processEvent(event) {
      // Once detection finished (right after init) this is synchronous: no promise per event.
      if (contextsReady() || waiting >= MAX_WAITING) return withContexts(event, getContextsSync());
      waiting++;
      return getContexts().then((contexts) => {
        waiting--;
        return withContexts(event, contexts);
      });
    },
  };
}

/** The event's own contexts over the host's: into the fresh host copy, not a spread (see copyRecord). */
function withContexts(event: Event, host: Contexts): Event {
  event.contexts = Object.assign(host, event.contexts);
  return event;
}
