// The BullMQ patches on stand-in classes: what they do to a queue's job options, and that odd
// classes or arguments never make them throw. (BullMQ itself, on a real Redis, is tested in
// test/integration/queues.)
import { context, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Sentry from '../../../../src/index.js';
import { patchQueue, patchWorker } from '../../../../src/integrations/bullmq-patch.js';
import { createRecordingTransport } from '../../../helpers/recording-transport.js';

const DSN = 'https://0123456789abcdef0123456789abcdef@sentry.example.com/1';
const SPAN = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 };

class FakeQueue {
  opts: Record<string, unknown> = {};
  add(name: string, data: unknown, opts?: unknown) {
    return { name, data, opts };
  }
  addBulk(jobs: unknown) {
    return jobs;
  }
}

beforeAll(() => {
  const { factory } = createRecordingTransport();
  Sentry.init({ dsn: DSN, transport: factory, integrations: [Sentry.bullmqIntegration()] });
  patchQueue(FakeQueue);
});
afterAll(async () => {
  await Sentry.close(0);
});

function inSpan<T>(fn: () => T): T {
  return context.with(trace.setSpanContext(context.active(), SPAN), fn);
}

describe('Queue.add / addBulk', () => {
  it('writes the active span into opts.telemetry.metadata, keeping the other options', () => {
    const opts = { attempts: 3 };
    const { opts: sent } = inSpan(() => new FakeQueue().add('a', {}, opts)) as {
      opts: Record<string, unknown>;
    };
    expect(sent.attempts).toBe(3);
    const metadata = JSON.parse(String((sent.telemetry as { metadata: string }).metadata));
    expect(metadata.traceparent).toBe(`00-${SPAN.traceId}-${SPAN.spanId}-01`);
    expect(opts).toEqual({ attempts: 3 });
  });

  it('leaves options alone without a span, with metadata or omitContext, with telemetry, or when odd', () => {
    const queue = new FakeQueue();
    expect(queue.add('a', {}, undefined).opts).toBeUndefined();
    const cases: unknown[] = [
      { telemetry: { metadata: 'theirs' } },
      { telemetry: { omitContext: true } },
      'not options',
      42,
      null,
    ];
    for (const opts of cases) expect(inSpan(() => queue.add('a', {}, opts)).opts).toBe(opts);
    const owned = new FakeQueue();
    owned.opts = { telemetry: {} };
    const plain = { attempts: 1 };
    expect(inSpan(() => owned.add('a', {}, plain)).opts).toBe(plain);
  });

  it('addBulk: each job gets the metadata; a non-array goes through as it is', () => {
    const queue = new FakeQueue();
    const jobs = inSpan(() => queue.addBulk([{ name: 'a', data: 1 }, 'odd'])) as unknown[];
    expect((jobs[0] as { opts: { telemetry: { metadata: string } } }).opts.telemetry.metadata).toContain(
      SPAN.traceId,
    );
    expect(jobs[1]).toBe('odd');
    expect(queue.addBulk('nope')).toBe('nope');
  });
});

describe('patching odd classes', () => {
  it('never throws, patches once, and leaves missing methods missing', () => {
    for (const odd of [undefined, null, 42, {}, { prototype: null }, () => {}]) {
      expect(() => patchWorker(odd)).not.toThrow();
      expect(() => patchQueue(odd)).not.toThrow();
    }
    class Partial {
      processJob(job: unknown) {
        return job;
      }
    }
    patchWorker(Partial);
    const once = Partial.prototype.processJob;
    patchWorker(Partial);
    expect(Partial.prototype.processJob).toBe(once);
    expect('handleFailed' in Partial.prototype).toBe(false);
  });
});
