// The seed's `atexit`, for Node: when the process is about to end (`beforeExit`, SIGTERM,
// SIGINT), pending events are flushed for at most `shutdownTimeout`, without changing whether and
// how the process ends (the mechanics and their reasons are in `exit-flush.ts`).
import { installExitFlush } from '../exit-flush.js';
import type { Integration } from '../integration.js';
import { activeSetup, markSetUp } from './shared.js';

const NAME = 'Exit';

export function exitIntegration(): Integration {
  return {
    name: NAME,
    setup(client) {
      markSetUp(NAME, client, {});
      // Installs its listeners once per process; a later call only swaps the callbacks. Called per
      // client (not in setupOnce) so it is back after a signal exit the app chose to survive.
      installExitFlush(
        (timeoutMs) => activeSetup(NAME)?.client.flush(timeoutMs) ?? Promise.resolve(true),
        () => activeSetup(NAME)?.client.options.shutdownTimeout ?? 2000,
        () => activeSetup(NAME)?.client.hasPending() ?? false,
      );
    },
  };
}
