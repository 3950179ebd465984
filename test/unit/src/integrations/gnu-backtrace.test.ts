// Native backtraces in exception messages, table-driven: each format line by line, then the
// integration end to end through a client.
import { afterEach, describe, expect, it } from 'vitest';
import * as Sentry from '../../../../src/index.js';
import { PARSED_MARKER, parseNativeBacktrace } from '../../../../src/integrations/gnu-backtrace-parse.js';
import { createRecordingTransport } from '../../../helpers/recording-transport.js';

const DSN = 'https://0123456789abcdef0123456789abcdef@sentry.example.com/1';

afterEach(async () => {
  await Sentry.close(0);
});

describe('one backtrace line', () => {
  const table: [string, string, Record<string, string>][] = [
    [
      'ClickHouse, with path',
      '0. DB::Exception::Exception(std::string const&, int) @ 0x000000000bfc38a4 in /usr/bin/clickhouse',
      {
        function: 'DB::Exception::Exception(std::string const&, int)',
        package: '/usr/bin/clickhouse',
        instruction_addr: '0x000000000bfc38a4',
      },
    ],
    [
      'ClickHouse, unknown function in a library',
      '24. ? @ 0x00000000000d162c in /usr/lib/debug/lib/x86_64-linux-gnu/libc-2.31.so',
      { function: '<unknown>', package: '/usr/lib/debug/lib/x86_64-linux-gnu/libc-2.31.so' },
    ],
    [
      'ClickHouse, without path',
      '3. DB::StorageReplicatedMergeTree::read() @ 0xDEADBEEF',
      { function: 'DB::StorageReplicatedMergeTree::read()', instruction_addr: '0xdeadbeef' },
    ],
    [
      'glibc, indexed',
      '0. clickhouse-server(StackTrace::StackTrace()+0x16) [0x99d31a6]',
      { function: 'StackTrace::StackTrace()', package: 'clickhouse-server', instruction_addr: '0x99d31a6' },
    ],
    [
      'glibc, no function',
      '12. /lib/x86_64-linux-gnu/libpthread.so.0(+0x8184) [0x7f3bbc568184]',
      { function: '<unknown>', package: '/lib/x86_64-linux-gnu/libpthread.so.0' },
    ],
    [
      'glibc, as backtrace_symbols_fd prints it (no index)',
      './prog(myfunc3+0x5c) [0x80487f0]',
      { function: 'myfunc3', package: './prog', instruction_addr: '0x80487f0' },
    ],
    [
      'Node native stack',
      ' 1: 0xe19178 node::OOMErrorHandler(char const*, v8::OOMDetails const&) [node]',
      { function: 'node::OOMErrorHandler(char const*, v8::OOMDetails const&)', package: 'node' },
    ],
    [
      'Node native stack, no symbol',
      ' 9: 0x7f8e2c229d90  [/lib/x86_64-linux-gnu/libc.so.6]',
      {
        function: '<unknown>',
        package: '/lib/x86_64-linux-gnu/libc.so.6',
        instruction_addr: '0x7f8e2c229d90',
      },
    ],
  ];
  it.each(table)('%s', (_name, line, expected) => {
    const parsed = parseNativeBacktrace(line);
    expect(parsed?.frames).toEqual([expect.objectContaining({ platform: 'native', ...expected })]);
    expect(parsed?.message).toBe(PARSED_MARKER);
  });

  const notFrames: [string, string][] = [
    ['plain message', 'connection refused'],
    ['an @ without an address', '1. user @ example.com'],
    ['a bracket that is not an address', 'fn(x) [abc]'],
    ['empty', ''],
  ];
  it.each(notFrames)('%s is not a frame', (_name, line) => {
    expect(parseNativeBacktrace(line)).toBeUndefined();
  });
});

describe('a whole message', () => {
  it('keeps other lines, drops the Node header, orders frames oldest first', () => {
    const message = [
      'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
      '----- Native stack trace -----',
      '',
      ' 1: 0xb8ced1 node::OOMErrorHandler(char const*, v8::OOMDetails const&) [node]',
      ' 2: 0xf06460 v8::Utils::ReportOOMFailure(v8::internal::Isolate*, char const*) [node]',
      ' 3: 0x10b7e55  [node]',
    ].join('\n');
    const parsed = parseNativeBacktrace(message);
    expect(parsed?.frames.map((f) => f.instruction_addr)).toEqual(['0x10b7e55', '0xf06460', '0xb8ced1']);
    expect(parsed?.message).toBe(
      `FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n${PARSED_MARKER}`,
    );
  });

  it('sorts by index, not by line order', () => {
    const parsed = parseNativeBacktrace('1. b() @ 0x2\n0. a() @ 0x1\n2. c() @ 0x3');
    expect(parsed?.frames.map((f) => f.function)).toEqual(['c()', 'b()', 'a()']);
  });
});

describe('gnuBacktraceIntegration', () => {
  function setup(withIntegration = true) {
    const { factory, transport } = createRecordingTransport();
    Sentry.init({
      dsn: DSN,
      transport: factory,
      defaultIntegrations: false,
      integrations: withIntegration ? [Sentry.gnuBacktraceIntegration()] : [],
    });
    return transport;
  }

  it('appends native frames after the JavaScript ones and rewrites the message', async () => {
    const transport = setup();
    const error = new Error(
      'Code: 60. DB::Exception: Table default.x does not exist\n0. DB::Exception::Exception() @ 0xa in /usr/bin/clickhouse\n1. DB::Context::getTable() @ 0xb in /usr/bin/clickhouse',
    );
    Sentry.captureException(error);
    await Sentry.flush(1000);
    const [value] = transport.events()[0]?.exception?.values ?? [];
    expect(value?.value).toBe(`Code: 60. DB::Exception: Table default.x does not exist\n${PARSED_MARKER}`);
    const frames = value?.stacktrace?.frames ?? [];
    expect(frames.at(-1)).toEqual({
      platform: 'native',
      function: 'DB::Exception::Exception()',
      package: '/usr/bin/clickhouse',
      instruction_addr: '0xa',
    });
    expect(frames.at(-2)?.function).toBe('DB::Context::getTable()');
    expect(frames.some((f) => /gnu-backtrace\.test\.ts$/.test(f.filename ?? ''))).toBe(true);
  });

  it('leaves messages without a backtrace, and messages (no exception), alone', async () => {
    const transport = setup();
    Sentry.captureException(new Error('plain'));
    Sentry.captureMessage('0. a() @ 0x1');
    await Sentry.flush(1000);
    const [first, second] = transport.events();
    expect(first?.exception?.values[0]?.value).toBe('plain');
    expect(second?.exception).toBeUndefined();
    expect(JSON.stringify(second)).toContain('0. a() @ 0x1');
  });

  it('is not a default integration (as in sentry-python)', async () => {
    expect(Sentry.getDefaultIntegrations().map((i) => i.name)).not.toContain('GnuBacktrace');
  });
});
