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
      const modules = getModules(); // a fresh copy: the event may be changed by beforeSend
      if (event.modules) Object.assign(modules, event.modules);
      event.modules = modules;
      return event;
    },
  };
}
