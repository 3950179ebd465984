export { setupConnectErrorHandler } from '../instrumentations/connect/error-handler.js';
export {
  type ExpressErrorMiddleware,
  expressErrorHandler,
  setupExpressErrorHandler,
} from '../instrumentations/express/error-handler.js';
export { wrapRequestListener } from '../instrumentations/node-http/request-listener.js';
export type { FrameworkErrorHandlerOptions } from '../instrumentations/shared/framework-error.js';
export {
  addBreadcrumb,
  addEventProcessor,
  captureEvent,
  captureException,
  captureMessage,
  close,
  flush,
  getClient,
  getCurrentScope,
  getGlobalScope,
  getIsolationScope,
  lastEventId,
  setContext,
  setExtra,
  setExtras,
  setTag,
  setTags,
  setUser,
  withIsolationScope,
  withScope,
} from './api.js';
export { Client } from './client.js';
export { init } from './init.js';
export type { Integration, IntegrationsOption } from './integration.js';
export { type ChildProcessOptions, childProcessIntegration } from './integrations/child-process.js';
export { type ConsoleLogRecord, consoleIntegration } from './integrations/console.js';
export { type ContextLinesOptions, contextLinesIntegration } from './integrations/context-lines.js';
export { contextsIntegration } from './integrations/contexts.js';
export { dedupeIntegration } from './integrations/dedupe.js';
export { getDefaultIntegrations } from './integrations/defaults.js';
export { exitIntegration } from './integrations/exit.js';
export { type LinkedErrorsOptions, linkedErrorsIntegration } from './integrations/linked-errors.js';
export { modulesIntegration } from './integrations/modules.js';
export {
  type OnUncaughtExceptionOptions,
  onUncaughtExceptionIntegration,
} from './integrations/on-uncaught-exception.js';
export {
  type OnUnhandledRejectionOptions,
  onUnhandledRejectionIntegration,
  type UnhandledRejectionMode,
} from './integrations/on-unhandled-rejection.js';
export type { Options } from './options.js';
export { type Dsn, parseDsn } from './protocol/dsn.js';
export { parseEnvelope, serializeEnvelope } from './protocol/envelope.js';
export type {
  Breadcrumb,
  ClientReport,
  Envelope,
  EnvelopeItem,
  Event,
  ExceptionValue,
  Mechanism,
  SeverityLevel,
  StackFrame,
  User,
} from './protocol/types.js';
export { Scope } from './scope.js';
export type {
  Transport,
  TransportFactory,
  TransportOptions,
  TransportUserOptions,
} from './transport/types.js';
export type {
  BeforeBreadcrumb,
  BeforeSend,
  BreadcrumbHint,
  CaptureContext,
  EventHint,
  EventProcessor,
} from './types.js';
export { SDK_NAME, SDK_VERSION } from './version.js';
