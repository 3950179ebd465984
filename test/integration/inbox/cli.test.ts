// The `otel-sentry inbox` command, run in-process (the bin is the CommonJS build of src/cli.ts).
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli.js';
import type { Inbox } from '../../../src/inbox/index.js';

describe('otel-sentry inbox (CLI)', () => {
  it('runs from the CLI: prints where to send, and says when the port is taken', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    const started = await runCli(['inbox', '--port', '0'], io);
    try {
      expect(started.code).toBe(0);
      const cli = started.inbox as Inbox;
      expect(out).toContain(`  DSN        ${cli.dsn}`);
      expect(out).toContain(`  page       ${cli.url}/`);
      expect(out).toContain(`  Spotlight  ${cli.url}/stream`);
      const taken = await runCli(['inbox', '--port', String(cli.port)], io);
      expect(taken).toEqual({ code: 1 });
      expect(err).toEqual([
        `otel-sentry inbox: cannot start: port ${cli.port} is in use (another inbox or Spotlight?): try --port 0 or another port`,
      ]);
    } finally {
      await started.inbox?.close();
    }
  });
});
