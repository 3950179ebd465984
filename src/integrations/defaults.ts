// The integrations `init` adds unless `defaultIntegrations: false`, in the order they process events:
// causes are linked before context lines are read for their frames, and Dedupe sees finished events.
// The process-wide hooks follow (they have no event processors): console breadcrumbs first, so
// they are in place before anything can fail; the exit flush last.
import type { Integration } from '../integration.js';
import { bullmqIntegration } from './bullmq.js';
import { bunyanIntegration } from './bunyan.js';
import { childProcessIntegration } from './child-process.js';
import { consoleIntegration } from './console.js';
import { contextLinesIntegration } from './context-lines.js';
import { contextsIntegration } from './contexts.js';
import { dedupeIntegration } from './dedupe.js';
import { exitIntegration } from './exit.js';
import { linkedErrorsIntegration } from './linked-errors.js';
import { defaultLocalVariablesIntegration } from './local-variables.js';
import { modulesIntegration } from './modules.js';
import { onUncaughtExceptionIntegration } from './on-uncaught-exception.js';
import { onUnhandledRejectionIntegration } from './on-unhandled-rejection.js';
import { pinoIntegration } from './pino.js';
import { winstonIntegration } from './winston.js';

export function getDefaultIntegrations(): Integration[] {
  return [
    linkedErrorsIntegration(),
    dedupeIntegration(),
    contextsIntegration(),
    contextLinesIntegration(),
    // Acts only with `includeLocalVariables: true`.
    defaultLocalVariablesIntegration(),
    modulesIntegration(),
    consoleIntegration(),
    // Loggers: each patches its package only if installed, and never loads it.
    pinoIntegration(),
    winstonIntegration(),
    bunyanIntegration(),
    onUncaughtExceptionIntegration(),
    onUnhandledRejectionIntegration(),
    childProcessIntegration(),
    bullmqIntegration(),
    exitIntegration(),
  ];
}
