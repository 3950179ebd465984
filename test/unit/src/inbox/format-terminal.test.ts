import { describe, expect, it } from 'vitest';
import {
  clean,
  formatClientReport,
  formatEnvelope,
  formatEvent,
  formatProblem,
  formatTransaction,
} from '../../../../src/inbox/format-terminal.js';
import type { Envelope, Event } from '../../../../src/protocol/types.js';

const plain = { color: false, cwd: '/app' };
const ID = '5d41402abc4b2a76b9719d911017c592';
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

const chained: Event = {
  event_id: ID,
  timestamp: 1_700_000_010,
  level: 'error',
  release: 'shop@1.2.3',
  environment: 'development',
  tags: { route: '/checkout', region: 'eu' },
  contexts: { trace: { trace_id: TRACE, span_id: 'b7ad6b7169203331' } },
  exception: {
    values: [
      {
        type: 'TypeError',
        value: 'inner cause',
        mechanism: { type: 'chained', source: 'cause', exception_id: 1, parent_id: 0 },
        stacktrace: {
          frames: [
            {
              function: 'inner',
              filename: '/app/src/db.js',
              lineno: 5,
              in_app: true,
              context_line: '  throw e;',
            },
          ],
        },
      },
      {
        type: 'Error',
        value: 'outer failure',
        mechanism: { type: 'generic', handled: true, exception_id: 0 },
        stacktrace: {
          frames: [
            {
              function: 'processTicksAndRejections',
              filename: 'node:internal/process/task_queues',
              lineno: 95,
            },
            {
              function: 'main',
              filename: '/app/src/index.js',
              lineno: 20,
              in_app: true,
              context_line: '  await pay();',
            },
            {
              function: 'express.handle',
              filename: '/app/node_modules/express/x.js',
              lineno: 3,
              in_app: false,
            },
            {
              function: 'pay',
              filename: '/app/src/pay.js',
              lineno: 11,
              in_app: true,
              pre_context: ['function pay() {'],
              context_line: "    throw new Error('outer failure', { cause });",
              post_context: ['}'],
            },
          ],
        },
      },
    ],
  },
  // An array, as the SDK sends it; the `{ values }` form is read too (below).
  breadcrumbs: [
    { timestamp: 1_700_000_008.75, category: 'console', message: 'about to pay' },
    {
      timestamp: 1_700_000_009.99,
      category: 'http',
      data: { method: 'POST', url: 'https://pay.example/charge', status_code: 502 },
      level: 'error',
    },
  ],
};

describe('terminal format (colour off)', () => {
  it.each<[string, Event, string[]]>([
    [
      'an error with a cause chain: captured exception first, in-app frames newest first',
      chained,
      [
        '[error] Error: outer failure',
        '    at pay (src/pay.js:11)',
        "      > throw new Error('outer failure', { cause });",
        '    at main (src/index.js:20)',
        '      > await pay();',
        '  caused by TypeError: inner cause',
        '    at inner (src/db.js:5)',
        '      > throw e;',
        '  breadcrumbs:',
        '    -1.250s console: about to pay',
        '    -0.010s http: POST https://pay.example/charge [502] (error)',
        '  tags: route=/checkout, region=eu',
        `  event ${ID} · trace ${TRACE} · release shop@1.2.3 · environment development`,
      ],
    ],
    [
      'a message event',
      {
        event_id: ID,
        level: 'warning',
        logentry: { formatted: 'disk almost full' },
        environment: 'production',
      },
      ['[warning] disk almost full', `  event ${ID} · environment production`],
    ],
    [
      'an aggregate without in-app frames: labelled by source, top frames shown',
      {
        exception: {
          values: [
            { type: 'SyntaxError', value: 'bad json', mechanism: { type: 'chained', source: 'errors[0]' } },
            {
              type: 'AggregateError',
              value: 'all failed',
              stacktrace: {
                frames: [{ function: 'parse', filename: '/lib/json.js', lineno: 1, in_app: false }],
              },
            },
          ],
        },
      },
      [
        '[error] AggregateError: all failed',
        '    at parse (/lib/json.js:1)',
        '  errors[0]: SyntaxError: bad json',
      ],
    ],
    [
      'untrusted text cannot drive the terminal',
      {
        message: 'evil\u001b]0;pwned\u0007\nsecond line',
        level: 'info',
        tags: [['k', 'v']],
      } as unknown as Event,
      ['[info] evil\\x1b]0;pwned\\x07 ↵ second line', '  tags: k=v'],
    ],
    [
      'garbage where an event should be',
      { exception: 'nope', breadcrumbs: 7, tags: null } as unknown as Event,
      ['[error] <no message>'],
    ],
  ])('%s', (_name, event, lines) => {
    expect(formatEvent(event, plain)).toEqual(lines);
  });

  it('links to the page when it knows its URL, and keeps only the last 10 breadcrumbs', () => {
    const breadcrumbs = { values: Array.from({ length: 12 }, (_, i) => ({ message: `step ${i}` })) };
    // The schema's `{ values }` form, which Relay accepts as well.
    const lines = formatEvent({ event_id: ID, message: 'x', breadcrumbs } as unknown as Event, {
      ...plain,
      pageUrl: 'http://127.0.0.1:8969',
    });
    expect(lines).toContain('  breadcrumbs (last 10 of 12):');
    expect(lines).toContain('    step 2');
    expect(lines).not.toContain('    step 1');
    expect(lines.at(-1)).toBe(`  http://127.0.0.1:8969/#/event/${ID}`);
  });

  it.each<[string, Event, string]>([
    [
      'with spans and status',
      {
        type: 'transaction',
        transaction: 'GET /users/:id',
        start_timestamp: 1_700_000_000,
        timestamp: 1_700_000_000.1234,
        contexts: { trace: { trace_id: TRACE, span_id: 'b7ad6b7169203331', status: 'ok' } },
        spans: [
          { span_id: 'a', trace_id: TRACE, start_timestamp: 1, timestamp: 2 },
          { span_id: 'b', trace_id: TRACE, start_timestamp: 1, timestamp: 2 },
        ],
      },
      '[transaction] GET /users/:id 123 ms · 2 spans · ok',
    ],
    [
      'fast, one span',
      { transaction: 'tick', start_timestamp: 10, timestamp: 10.0042, spans: [{}] } as Event,
      '[transaction] tick 4.2 ms · 1 span',
    ],
    ['without a name or times', {}, '[transaction] <unnamed transaction>'],
  ])('a transaction is one line: %s', (_name, event, line) => {
    expect(formatTransaction(event, plain)).toBe(line);
  });

  it('a client report is one line', () => {
    const report = {
      timestamp: 1,
      discarded_events: [
        { reason: 'sample_rate' as const, category: 'error' as const, quantity: 3 },
        { reason: 'queue_overflow' as const, category: 'transaction' as const, quantity: 1 },
      ],
    };
    expect(formatClientReport(report, plain)).toBe(
      '[client report] discarded 3 error (sample_rate), 1 transaction (queue_overflow)',
    );
  });

  it('formats every item of an envelope, and rejections', () => {
    const envelope: Envelope = [
      { event_id: ID },
      [
        [{ type: 'event' }, { event_id: ID, message: 'hello', level: 'info' }],
        [{ type: 'attachment', filename: 'dump.txt' }, Buffer.from('abc')],
        [{ type: 'session' }, {}],
      ],
    ];
    expect(formatEnvelope(envelope, plain)).toEqual([
      '[info] hello',
      `  event ${ID}`,
      '[attachment] dump.txt (3 bytes)',
      '[session]',
    ]);
    expect(formatProblem('POST /api/0/envelope/: 400 malformed envelope: x', plain)).toBe(
      '[rejected] POST /api/0/envelope/: 400 malformed envelope: x',
    );
  });

  it('colours only when asked', () => {
    const [header] = formatEvent({ message: 'm', level: 'error' } as Event, { color: true });
    expect(header).toBe('\x1b[31m[error]\x1b[0m \x1b[1mm\x1b[0m');
    expect(formatEvent({ message: 'm' } as Event, plain).join('\n')).not.toContain('\x1b');
  });

  it('cuts long text', () => {
    expect(clean('x'.repeat(1000))).toHaveLength(300);
  });
});
