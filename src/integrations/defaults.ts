// The integrations `init` adds unless `defaultIntegrations: false`, in the order they process events:
// causes are linked before context lines are read for their frames, and Dedupe sees finished events.
import type { Integration } from '../integration.js';
import { contextLinesIntegration } from './context-lines.js';
import { contextsIntegration } from './contexts.js';
import { dedupeIntegration } from './dedupe.js';
import { linkedErrorsIntegration } from './linked-errors.js';
import { modulesIntegration } from './modules.js';

export function getDefaultIntegrations(): Integration[] {
  return [
    linkedErrorsIntegration(),
    dedupeIntegration(),
    contextsIntegration(),
    contextLinesIntegration(),
    modulesIntegration(),
  ];
}
