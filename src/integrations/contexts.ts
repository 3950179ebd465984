// os, runtime, app, device, culture and cloud_resource contexts. Detection runs once, asynchronously,
// from setup; events wait for it off the capture path, so even the first event carries them.
import { getContexts, startContextDetection } from '../event/contexts.js';
import type { Integration } from '../integration.js';

export function contextsIntegration(): Integration {
  return {
    name: 'Context',
    setup() {
      startContextDetection();
    },
    async processEvent(event) {
      return { ...event, contexts: { ...(await getContexts()), ...event.contexts } };
    },
  };
}
