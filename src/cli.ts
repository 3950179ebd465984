#!/usr/bin/env node
// The `otel-sentry` command. One subcommand so far: `inbox`, a local Sentry-compatible receiver
// that prints events and shows them on a page. The argv parser is a few lines: no dependency.
import { DEFAULT_INBOX_PORT, type Inbox, startInbox } from './inbox/index.js';
import { PACKAGE_NAME, SDK_VERSION } from './version.js';

export interface CliArgs {
  command: 'inbox' | 'help' | 'version';
  port: number;
  host: string;
  max: number;
  jsonl?: string;
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const USAGE = `Usage: ${PACKAGE_NAME} inbox [options]

Receives Sentry envelopes on this machine, prints each event and shows them at http://<host>:<port>/.

Options:
  --port <n>      port to listen on (default ${DEFAULT_INBOX_PORT}, Spotlight's; 0 picks a free one)
  --host <addr>   address to bind (default 127.0.0.1)
  --max <n>       envelopes kept in memory (default 500)
  --jsonl <file>  also append every envelope to this JSON Lines file
  -h, --help      show this help
  -v, --version   show the version`;

const VALUE_FLAGS = new Set(['--port', '--host', '--max', '--jsonl']);

export function parseArgs(
  argv: readonly string[],
): { ok: true; args: CliArgs } | { ok: false; error: string } {
  const args: CliArgs = { command: 'help', port: DEFAULT_INBOX_PORT, host: '127.0.0.1', max: 500 };
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h' || arg === '--help') return { ok: true, args: { ...args, command: 'help' } };
    if (arg === '-v' || arg === '--version') return { ok: true, args: { ...args, command: 'version' } };
    if (!arg.startsWith('-')) {
      if (command !== undefined) return { ok: false, error: `unexpected argument "${arg}"` };
      command = arg;
      continue;
    }
    // --flag value and --flag=value
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    if (!VALUE_FLAGS.has(flag)) return { ok: false, error: `unknown option ${flag}` };
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') return { ok: false, error: `${flag} needs a value` };
    if (flag === '--host') args.host = value;
    else if (flag === '--jsonl') args.jsonl = value;
    else {
      const n = Number(value);
      const valid = /^\d+$/.test(value) && (flag === '--port' ? n <= 65535 : n > 0);
      if (!valid)
        return {
          ok: false,
          error: `${flag} must be ${flag === '--port' ? 'a port number' : 'a positive integer'}`,
        };
      if (flag === '--port') args.port = n;
      else args.max = n;
    }
  }
  if (command === undefined) return { ok: true, args };
  if (command !== 'inbox') return { ok: false, error: `unknown command "${command}"` };
  return { ok: true, args: { ...args, command: 'inbox' } };
}

/**
 * Runs a command. For `inbox` it resolves once the inbox listens, with the inbox (the caller stops
 * it); otherwise with the exit code.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<{ code: number; inbox?: Inbox }> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    io.err(`${PACKAGE_NAME}: ${parsed.error}\n\n${USAGE}`);
    return { code: 2 };
  }
  const { args } = parsed;
  if (args.command === 'help') {
    io.out(USAGE);
    return { code: 0 };
  }
  if (args.command === 'version') {
    io.out(SDK_VERSION);
    return { code: 0 };
  }
  let inbox: Inbox;
  try {
    inbox = await startInbox({
      port: args.port,
      host: args.host,
      max: args.max,
      jsonl: args.jsonl,
      print: true,
    });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const reason =
      code === 'EADDRINUSE'
        ? `port ${args.port} is in use (another inbox or Spotlight?): try --port 0 or another port`
        : err instanceof Error
          ? err.message
          : String(err);
    io.err(`${PACKAGE_NAME} inbox: cannot start: ${reason}`);
    return { code: 1 };
  }
  io.out(`${PACKAGE_NAME} inbox ${SDK_VERSION}: listening on ${inbox.url}`);
  io.out(`  DSN        ${inbox.dsn}`);
  io.out(`  page       ${inbox.url}/`);
  io.out(`  Spotlight  ${inbox.url}/stream`);
  if (args.jsonl) io.out(`  JSONL      ${args.jsonl}`);
  io.out('');
  io.out(`Try: SENTRY_DSN=${inbox.dsn} node your-app.js`);
  io.out('Waiting for events (Ctrl+C to stop)…');
  return { code: 0, inbox };
}

async function main(): Promise<void> {
  const io: CliIo = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
  const { code, inbox } = await runCli(process.argv.slice(2), io);
  if (!inbox) {
    process.exitCode = code;
    return;
  }
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(130); // a second Ctrl+C: do not wait
    stopping = true;
    inbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Run as the `bin` (the CommonJS build); importing this module (tests, the ESM build) runs nothing.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${PACKAGE_NAME}: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  });
}
