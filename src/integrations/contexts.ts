// os, runtime, app, device, culture and cloud_resource contexts. Detection runs once, asynchronously,
// from setup; events wait for it off the capture path, so even the first event carries them.
import { contextsReady, getContexts, getContextsSync, startContextDetection } from '../event/contexts.js';
import type { Integration } from '../integration.js';
import { copyRecord } from '../utils/is.js';

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
      if (contextsReady() || waiting >= MAX_WAITING) {
        // Into the fresh copy, not `{ ...a, ...b }`, which on Node 20 survives the next scavenge.
        event.contexts = Object.assign(getContextsSync(), event.contexts);
        return event;
      }
      waiting++;
      return getContexts().then((contexts) => {
        waiting--;
        event.contexts = Object.assign(copyRecord(contexts), event.contexts);
        return event;
      });
    },
  };
}
