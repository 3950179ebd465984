export { setupConnectErrorHandler } from '../instrumentations/connect/error-handler.js';
export {
  type ExpressErrorMiddleware,
  expressErrorHandler,
  setupExpressErrorHandler,
} from '../instrumentations/express/error-handler.js';
export { setupFastifyErrorHandler } from '../instrumentations/fastify/error-handler.js';
export { setupHapiErrorHandler } from '../instrumentations/hapi/error-handler.js';
export { setupHonoErrorHandler } from '../instrumentations/hono/error-handler.js';
export { setupKoaErrorHandler } from '../instrumentations/koa/error-handler.js';
export {
  type NestExceptionFilter,
  SentryExceptionCaptured,
  setupNestErrorHandler,
} from '../instrumentations/nestjs/error-handler.js';
export { wrapRequestListener } from '../instrumentations/node-http/request-listener.js';
export { setupRestifyErrorHandler } from '../instrumentations/restify/error-handler.js';
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
export {
  type CheckIn,
  type CheckInStatus,
  captureCheckIn,
  type MonitorConfig,
  type MonitorSchedule,
  withMonitor,
} from './crons/index.js';
export { type ParameterizedString, parameterize } from './event/parameterize.js';
export { init } from './init.js';
export type { Integration, IntegrationsOption } from './integration.js';
export { type BullMQOptions, bullmqIntegration } from './integrations/bullmq.js';
export { type BunyanLogRecord, bunyanIntegration } from './integrations/bunyan.js';
export { type ChildProcessOptions, childProcessIntegration } from './integrations/child-process.js';
export { type ConsoleLogRecord, consoleIntegration } from './integrations/console.js';
export {
  type ConsoleLevel,
  type ConsoleLoggingOptions,
  consoleLoggingIntegration,
} from './integrations/console-logging.js';
export { type ContextLinesOptions, contextLinesIntegration } from './integrations/context-lines.js';
export { contextsIntegration } from './integrations/contexts.js';
export { dedupeIntegration } from './integrations/dedupe.js';
export { getDefaultIntegrations } from './integrations/defaults.js';
export { exitIntegration } from './integrations/exit.js';
export { gnuBacktraceIntegration } from './integrations/gnu-backtrace.js';
export { type LinkedErrorsOptions, linkedErrorsIntegration } from './integrations/linked-errors.js';
export { type LocalVariablesOptions, localVariablesIntegration } from './integrations/local-variables.js';
export type { LoggerIntegrationOptions, LogLevelName } from './integrations/log-capture.js';
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
export { type PinoLogRecord, pinoIntegration } from './integrations/pino.js';
export { type WinstonLogRecord, winstonIntegration } from './integrations/winston.js';
export { logger } from './logs/logger.js';
export type { BeforeSendLog, Log, LogLevel, SerializedLog } from './logs/types.js';
export {
  type BeforeSendMetric,
  type Metric,
  type MetricOptions,
  type MetricType,
  metrics,
} from './metrics/index.js';
export type { Options, Options as NodeOptions } from './options.js';
export { type Dsn, parseDsn } from './protocol/dsn.js';
export { parseEnvelope, serializeEnvelope } from './protocol/envelope.js';
export type {
  Breadcrumb,
  ClientReport,
  Contexts,
  Envelope,
  EnvelopeItem,
  ErrorEvent,
  Event,
  Exception,
  ExceptionValue,
  Mechanism,
  Primitive,
  SdkInfo,
  SeverityLevel,
  StackFrame,
  Stacktrace,
  TransactionEvent,
  User,
} from './protocol/types.js';
export { type WrapJobOptions, wrapJob } from './queues/wrap-job.js';
export { Scope } from './scope.js';
export {
  type LambdaHandler,
  type WrapLambdaHandlerOptions,
  wrapHandler,
  wrapLambdaHandler,
} from './serverless/aws-lambda.js';
export { type WrapServerlessOptions, wrapServerless } from './serverless/wrap-serverless.js';
export type { SamplingContext, TracesSampler } from './tracing/sampling-context.js';
export {
  SEMANTIC_ATTRIBUTE_CACHE_HIT,
  SEMANTIC_ATTRIBUTE_CACHE_ITEM_SIZE,
  SEMANTIC_ATTRIBUTE_CACHE_KEY,
  SEMANTIC_ATTRIBUTE_EXCLUSIVE_TIME,
  SEMANTIC_ATTRIBUTE_HTTP_REQUEST_METHOD,
  SEMANTIC_ATTRIBUTE_SENTRY_CUSTOM_SPAN_NAME,
  SEMANTIC_ATTRIBUTE_SENTRY_MEASUREMENT_UNIT,
  SEMANTIC_ATTRIBUTE_SENTRY_MEASUREMENT_VALUE,
  SEMANTIC_ATTRIBUTE_SENTRY_OP,
  SEMANTIC_ATTRIBUTE_SENTRY_ORIGIN,
  SEMANTIC_ATTRIBUTE_SENTRY_SAMPLE_RATE,
  SEMANTIC_ATTRIBUTE_SENTRY_SOURCE,
  SEMANTIC_ATTRIBUTE_URL_FULL,
} from './tracing/semantic-attributes.js';
export {
  getActiveSpan,
  type StartSpanOptions,
  setMeasurement,
  startInactiveSpan,
  startSpan,
  startSpanManual,
  updateSpanName,
  withActiveSpan,
} from './tracing/span-api.js';
export { continueTrace, getTraceData, spanToJSON, type TraceData } from './tracing/trace-data.js';
export type {
  Transport,
  TransportFactory,
  TransportOptions,
  TransportUserOptions,
} from './transport/types.js';
export type {
  BeforeBreadcrumb,
  BeforeSend,
  BeforeSendTransaction,
  BreadcrumbHint,
  CaptureContext,
  CaptureContextInput,
  EventHint,
  EventProcessor,
  IgnoreSpanPattern,
} from './types.js';
export { suppressTracing } from './utils/suppress-tracing.js';
export { SDK_NAME, SDK_VERSION } from './version.js';
