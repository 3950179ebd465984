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
