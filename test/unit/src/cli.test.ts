import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/cli.js';

describe('otel-sentry CLI arguments', () => {
  const defaults = { command: 'inbox', port: 8969, host: '127.0.0.1', max: 500 };
  it.each<[string[], object]>([
    [['inbox'], defaults],
    [['inbox', '--port', '0'], { ...defaults, port: 0 }],
    [['inbox', '--port=9000', '--host', '0.0.0.0'], { ...defaults, port: 9000, host: '0.0.0.0' }],
    [['--max', '20', 'inbox', '--jsonl', 'out.jsonl'], { ...defaults, max: 20, jsonl: 'out.jsonl' }],
    [[], { ...defaults, command: 'help' }],
    [['inbox', '--help'], { ...defaults, command: 'help' }],
    [['-v'], { ...defaults, command: 'version' }],
  ])('%j', (argv, args) => {
    expect(parseArgs(argv)).toEqual({ ok: true, args });
  });

  it.each<[string[], string]>([
    [['serve'], 'unknown command "serve"'],
    [['inbox', 'extra'], 'unexpected argument "extra"'],
    [['inbox', '--prot', '1'], 'unknown option --prot'],
    [['inbox', '--port'], '--port needs a value'],
    [['inbox', '--port', '70000'], '--port must be a port number'],
    [['inbox', '--port', '-1'], '--port must be a port number'],
    [['inbox', '--max', '0'], '--max must be a positive integer'],
    [['inbox', '--jsonl='], '--jsonl needs a value'],
  ])('%j is refused', (argv, error) => {
    expect(parseArgs(argv)).toEqual({ ok: false, error });
  });
});
