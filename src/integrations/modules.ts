// `event.modules`: installed packages and their versions, loaded asynchronously at setup.
import { getModules, loadModules } from '../event/modules.js';
import type { Integration } from '../integration.js';
import { swallow } from '../utils/safe.js';

export function modulesIntegration(): Integration {
  return {
    name: 'Modules',
    setup() {
      swallow('loading modules', loadModules());
    },
    processEvent(event) {
      if (event.type === 'transaction') return event;
      // A fresh copy: the event may be changed by beforeSend.
      event.modules = getModules(event.modules);
      return event;
    },
  };
}
