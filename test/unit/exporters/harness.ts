// In-process harness for the span processor: a real OTel SDK TracerProvider (not registered
// globally), our context manager, and a client sending to an in-memory transport.
import { context, type Tracer } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { captureNonRecordingSpanExceptions } from '../../../exporters/non-recording-span.js';
import { SentrySampler } from '../../../exporters/sentry-sampler.js';
import { SentrySpanProcessor } from '../../../exporters/sentry-span-processor.js';
import { AsyncLocalStorageContextManager } from '../../../src/context-manager.js';
import * as Sentry from '../../../src/index.js';
import type { Event } from '../../../src/protocol/types.js';
import { Scope } from '../../../src/scope.js';
import { getState } from '../../../src/state.js';
import type { EventHint } from '../../../src/types.js';
import { createRecordingTransport, type RecordingTransport } from '../../helpers/recording-transport.js';

export interface Harness {
  tracer: Tracer;
  provider: TracerProvider;
  exporter: InMemorySpanExporter;
  transport: RecordingTransport;
  hints: EventHint[];
  /** Flushes the client and returns the error events sent. */
  events(): Promise<Event[]>;
  transactions(): Promise<Event[]>;
}

let contextManagerSet = false;

export interface HarnessSetup {
  /**
   * As otel-sentry's own setup: errors only, spans are not recorded, and exceptions recorded on
   * non-recording spans go to the processor through the NonRecordingSpan wrapper.
   */
  ownSetup?: boolean;
}

export function setup(options: Sentry.Options = {}, { ownSetup = false }: HarnessSetup = {}): Harness {
  if (!contextManagerSet) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager());
    contextManagerSet = true;
  }
  const { factory, transport } = createRecordingTransport();
  const hints: EventHint[] = [];
  Sentry.init({
    transport: factory,
    skipOpenTelemetrySetup: true,
    contextLines: 0,
    beforeSend: (event, hint) => {
      hints.push(hint);
      return event;
    },
    ...options,
  });
  const exporter = new InMemorySpanExporter();
  const processor = new SentrySpanProcessor();
  if (ownSetup) captureNonRecordingSpanExceptions((span) => processor.captureSpanExceptions(span));
  const provider = new TracerProvider({
    sampler: new SentrySampler({ recordWhenErrorsOnly: !ownSetup }),
    spanProcessors: [processor, new SimpleSpanProcessor({ exporter })],
  });
  const items = (type: string) =>
    transport.envelopes.flatMap((e) => e[1].filter(([h]) => h.type === type).map(([, p]) => p as Event));
  return {
    tracer: provider.getTracer('unit-test', '1.0.0'),
    provider,
    exporter,
    transport,
    hints,
    async events() {
      await Sentry.flush(2000);
      return items('event');
    },
    async transactions() {
      await Sentry.flush(2000);
      return items('transaction');
    },
  };
}

export async function teardown(): Promise<void> {
  captureNonRecordingSpanExceptions(undefined);
  await Sentry.close(0);
  const state = getState();
  // A new SentrySpanProcessor installs its captured-errors processor on the new global scope.
  state.globalScope = new Scope();
  state.defaultIsolationScope = new Scope();
  state.defaultCurrentScope = new Scope();
}
