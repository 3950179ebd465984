// `init({ tracesVia: 'otlp' })`: SentrySpanProcessor hands the spans it would have turned into
// transactions (same sampling decision) to this sink, which batches them to the client's DSN's
// OTLP traces endpoint. One sink per client; the client flushes it with its own flush.
import type { Client } from '../../src/client.js';
import { debug } from '../../src/utils/debug.js';
import { otlpEndpointsOf } from './endpoints.js';
import { TRACES } from './exporters.js';
import { SentryOtlpExporter } from './sentry-otlp-exporter.js';
import { SpanBatcher } from './span-batcher.js';

const SINK = Symbol.for('otel-sentry.otlp-span-sink');

type WithSink = Client & { [SINK]?: SpanBatcher<unknown> | null };

/** The client's OTLP span sink, created on first use; null when it has no DSN to send to. */
export function otlpSpanSink(client: Client): SpanBatcher<unknown> | null {
  const holder = client as WithSink;
  const existing = holder[SINK];
  if (existing !== undefined) return existing;
  const dsn = client.getDsn();
  let sink: SpanBatcher<unknown> | null = null;
  if (dsn) {
    const exporter = new SentryOtlpExporter(TRACES, otlpEndpointsOf(dsn).traces);
    if (exporter.url) {
      sink = new SpanBatcher(exporter, (reason, count) => client.recordDroppedEvent(reason, 'span', count));
      client.addFlushable(sink);
      debug.log(`tracesVia 'otlp': spans go to ${exporter.url}`);
    }
  } else {
    debug.log("tracesVia 'otlp' needs a DSN: spans are not sent");
  }
  holder[SINK] = sink;
  return sink;
}
