// os, runtime, app, device, culture and cloud_resource contexts. Detection runs once, asynchronously,
// from setup; events wait for it off the capture path, so even the first event carries them.
import { contextsReady, getContexts, getContextsSync, startContextDetection } from '../event/contexts.js';
import type { Integration } from '../integration.js';

export function contextsIntegration(): Integration {
  return {
    name: 'Context',
    setup() {
      startContextDetection();
    },
    processEvent(event) {
      // Once detection finished (right after init) this is synchronous: no promise per event.
      if (contextsReady()) {
        event.contexts = { ...getContextsSync(), ...event.contexts };
        return event;
      }
      return getContexts().then((contexts) => {
        event.contexts = { ...contexts, ...event.contexts };
        return event;
      });
    },
  };
}
