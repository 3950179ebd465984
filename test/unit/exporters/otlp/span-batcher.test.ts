// The tracesVia 'otlp' batcher: bounded memory whatever the endpoint does.
import { describe, expect, it } from 'vitest';
import type { ExportResult } from '../../../../exporters/otlp/sentry-otlp-exporter.js';
import { MAX_BATCH, MAX_QUEUE, SpanBatcher } from '../../../../exporters/otlp/span-batcher.js';

function fakeExporter(answer: 'never' | 'ok') {
  const batches: number[][] = [];
  return {
    batches,
    export(items: number[], done: (r: ExportResult) => void) {
      batches.push(items);
      if (answer === 'ok') setImmediate(() => done({ code: 0 }));
    },
    shutdown: () => Promise.resolve(),
    forceFlush: () => Promise.resolve(),
  };
}

describe('SpanBatcher', () => {
  it('sends full batches at once, the rest on flush, one export in flight at a time', async () => {
    const exporter = fakeExporter('ok');
    const batcher = new SpanBatcher(exporter, () => {});
    for (let i = 0; i < MAX_BATCH + 10; i++) batcher.add(i);
    expect(exporter.batches.map((b) => b.length)).toEqual([MAX_BATCH]);
    expect(await batcher.flush(1000)).toBe(true);
    expect(exporter.batches.map((b) => b.length)).toEqual([MAX_BATCH, 10]);
    expect(batcher.pending()).toBe(false);
  });

  it('drops beyond its queue while an export hangs, counting what it drops', async () => {
    const exporter = fakeExporter('never');
    const drops: [string, number][] = [];
    const batcher = new SpanBatcher(exporter, (reason, count) => drops.push([reason, count]));
    const total = MAX_BATCH + MAX_QUEUE + 100;
    for (let i = 0; i < total; i++) batcher.add(i);
    expect(exporter.batches).toHaveLength(1); // the first batch never answers
    expect(drops.reduce((n, [reason, count]) => n + (reason === 'queue_overflow' ? count : 0), 0)).toBe(100);
    expect(await batcher.flush(50)).toBe(false); // gives up at its timeout, never throws
    expect(batcher.pending()).toBe(true);
  });
});
