// The inbox end to end over real HTTP: the real SDK sends to it, raw (and broken) envelopes are
// posted by hand, and what it stores, rejects and prints is checked.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Inbox, startInbox } from '../../../src/inbox/index.js';
import * as Sentry from '../../../src/index.js';
import { serializeEnvelope } from '../../../src/protocol/envelope.js';
import type { Envelope, Event } from '../../../src/protocol/types.js';
import { messageOf } from '../../helpers/event-fields.js';
import { runScenario } from '../../helpers/run-scenario.js';

const thisFile = fileURLToPath(import.meta.url);
const AUTH = 'Sentry sentry_version=7, sentry_key=0123456789abcdef0123456789abcdef, sentry_client=raw/1';
const hex = (n: number) => n.toString(16).padStart(32, '0');

function waitFor(inbox: Inbox, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  if (predicate()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`inbox: condition not met in ${timeoutMs} ms (${inbox.envelopes.length} envelopes)`));
    }, timeoutMs);
    const off = inbox.onEnvelope(() => {
      if (!predicate()) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

function failDeep(): never {
  try {
    JSON.parse('{not json');
  } catch (cause) {
    throw new Error('outer failure', { cause });
  }
  throw new Error('unreachable');
}

describe('the local inbox', () => {
  let inbox: Inbox;
  let dir: string;
  const lines: string[] = [];
  const post = (
    path: string,
    body: Buffer | string,
    headers: Record<string, string> = { 'x-sentry-auth': AUTH },
  ) => fetch(`${inbox.url}${path}`, { method: 'POST', body, headers });
  const envelopeOf = (id: string, message: string): Buffer =>
    serializeEnvelope([
      { event_id: id, sent_at: new Date().toISOString() },
      [[{ type: 'event' }, { event_id: id, logentry: { formatted: message } }]],
    ]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'otel-sentry-inbox-'));
    inbox = await startInbox({ port: 0, print: (line) => lines.push(line), jsonl: join(dir, 'inbox.jsonl') });
  });

  afterAll(async () => {
    await Sentry.close(2000);
    await inbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a DSN the SDK takes, and stores and prints what the SDK sends', async () => {
    expect(inbox.dsn).toMatch(/^http:\/\/[0-9a-f]{32}@127\.0\.0\.1:\d+\/0$/);
    expect(inbox.port).toBeGreaterThan(0);
    Sentry.init({ dsn: inbox.dsn, release: 'inbox-test@1.0.0', environment: 'test' });
    Sentry.setTag('suite', 'inbox');
    Sentry.addBreadcrumb({ category: 'test', message: 'about to fail' });
    let id = '';
    try {
      failDeep();
    } catch (err) {
      id = Sentry.captureException(err);
    }
    const messageId = Sentry.captureMessage('hello inbox', 'warning');
    expect(await Sentry.flush(5000)).toBe(true);
    await waitFor(inbox, () => inbox.events().length >= 2);

    const event = inbox.events().find((e) => e.event_id === id) as Event;
    expect(event.exception?.values.map((v) => [v.type, v.value])).toEqual([
      ['SyntaxError', expect.stringContaining('JSON')],
      ['Error', 'outer failure'],
    ]);
    expect(event).toMatchObject({
      release: 'inbox-test@1.0.0',
      environment: 'test',
      tags: { suite: 'inbox' },
    });
    expect(messageOf(inbox.events().find((e) => e.event_id === messageId))).toBe('hello inbox');
    expect(inbox.problems).toEqual([]);

    // Printed: the captured exception, its in-app frame with the source line, the cause, context.
    const start = lines.indexOf('[error] Error: outer failure');
    expect(start).toBeGreaterThan(-1);
    const block = lines.slice(
      start,
      lines.indexOf('', start + 1) === -1 ? undefined : lines.indexOf('', start + 1),
    );
    const line =
      readFileSync(thisFile, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes("throw new Error('outer failure'")) + 1;
    expect(block[1]).toBe(`    at failDeep (test/integration/inbox/inbox.test.ts:${line})`);
    expect(block[2]).toBe("      > throw new Error('outer failure', { cause });");
    expect(block).toContain(
      `  caused by ${event.exception?.values[0]?.type}: ${event.exception?.values[0]?.value}`,
    );
    expect(block).toContain('  breadcrumbs:');
    expect(block.some((l) => /^ {4}[-+]\d+\.\d{3}s test: about to fail$/.test(l))).toBe(true);
    expect(block).toContain('  tags: suite=inbox');
    expect(block.at(-1)).toMatch(
      new RegExp(
        `^  ${inbox.url}/#/event/${id} · trace [0-9a-f]{32} · release inbox-test@1.0.0 · environment test$`,
      ),
    );
    expect(lines).toContain('[warning] hello inbox');
  });

  it('accepts gzip and deflate bodies, /stream without auth, and the query-string auth', async () => {
    const gz = await post('/api/0/envelope/', gzipSync(envelopeOf(hex(1), 'zipped')), {
      'x-sentry-auth': AUTH,
      'content-encoding': 'gzip',
    });
    expect(gz.status).toBe(200);
    expect(await gz.json()).toEqual({ id: hex(1) });
    const deflated = await post('/api/0/envelope/', deflateSync(envelopeOf(hex(2), 'deflated')), {
      'x-sentry-auth': AUTH,
      'content-encoding': 'deflate',
    });
    expect(deflated.status).toBe(200);
    const stream = await post('/stream', envelopeOf(hex(3), 'spotlight'), {
      'content-type': 'application/x-sentry-envelope',
    });
    expect(stream.status).toBe(200);
    const query = await post('/api/0/envelope/?sentry_key=abc&sentry_version=7', envelopeOf(hex(4), 'q'), {});
    expect(query.status).toBe(200);
    const messages = inbox.events().map((e) => messageOf(e));
    expect(messages).toEqual(expect.arrayContaining(['zipped', 'deflated', 'spotlight', 'q']));
    expect(inbox.problems).toEqual([]);
  });

  it.each<[string, string, Buffer | string, Record<string, string>, number, string]>([
    ['no auth', '/api/0/envelope/', envelopeOf(hex(9), 'x'), {}, 401, 'missing authorization'],
    [
      'an old protocol version',
      '/api/0/envelope/',
      envelopeOf(hex(9), 'x'),
      { 'x-sentry-auth': 'Sentry sentry_version=6, sentry_key=abc' },
      401,
      'sentry_version must be 7, got 6',
    ],
    [
      'a payload longer than its length',
      '/api/0/envelope/',
      `{}\n{"type":"event","length":2}\n{"message":"x"}\n`,
      { 'x-sentry-auth': AUTH },
      400,
      'malformed envelope: payload not followed by a newline',
    ],
    [
      'a multi-line header',
      '/stream',
      '{\n"event_id":"x"}\n',
      {},
      400,
      'malformed envelope: envelope header is not a JSON object',
    ],
    [
      'a bad event_id',
      '/api/0/envelope/',
      `{"event_id":"nope"}\n{"type":"event"}\n{}\n`,
      { 'x-sentry-auth': AUTH },
      400,
      'invalid event_id in the envelope header: "nope"',
    ],
    [
      'an event that is not an object',
      '/stream',
      '{}\n{"type":"event"}\n[1]\n',
      {},
      400,
      'the event item is not a JSON object',
    ],
    [
      'a body that is not gzip',
      '/api/0/envelope/',
      'plain',
      { 'x-sentry-auth': AUTH, 'content-encoding': 'gzip' },
      400,
      'body is not valid gzip',
    ],
    [
      'the legacy store endpoint',
      '/api/0/store/',
      '{}',
      { 'x-sentry-auth': AUTH },
      404,
      'not an envelope endpoint',
    ],
  ])('rejects %s and reports it', async (_name, path, body, headers, status, reason) => {
    const before = inbox.problems.length;
    const stored = inbox.envelopes.length;
    const res = await post(path, body, headers);
    expect(res.status).toBe(status);
    const { detail } = (await res.json()) as { detail: string };
    expect(detail).toContain(reason);
    expect(inbox.problems.slice(before)).toEqual([`POST ${path}: ${status} ${detail}`]);
    expect(lines.at(-1)).toBe(`[rejected] POST ${path}: ${status} ${detail}`);
    expect(inbox.envelopes.length).toBe(stored);
  });

  it('serves the events, one event and the problems as JSON', async () => {
    const list = (await (await fetch(`${inbox.url}/api/events`)).json()) as { id: string; title: string }[];
    expect(list[0]).toMatchObject({ id: hex(4), title: 'q', kind: 'error', level: 'error' });
    expect(list.map((s) => s.title)).toContain('Error: outer failure');
    const one = await fetch(`${inbox.url}/api/events/${hex(1)}`);
    expect(await one.json()).toMatchObject({ event_id: hex(1), logentry: { formatted: 'zipped' } });
    expect((await fetch(`${inbox.url}/api/events/${hex(999)}`)).status).toBe(404);
    expect(await (await fetch(`${inbox.url}/api/problems`)).json()).toEqual(inbox.problems);
    // The page and API answer to loopback names only (DNS rebinding).
    const rebound = await new Promise<IncomingMessage>((resolve, reject) =>
      get(`${inbox.url}/api/events`, { headers: { host: 'evil.example:80' } }, resolve).on('error', reject),
    );
    rebound.resume();
    expect(rebound.statusCode).toBe(403);
  });

  it('appends envelopes and rejections to the JSONL file', () => {
    const records = readFileSync(join(dir, 'inbox.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { path?: string; headers?: Envelope[0]; problem?: string });
    expect(records.filter((r) => r.headers).length).toBe(inbox.envelopes.length);
    expect(records.filter((r) => r.problem).map((r) => r.problem)).toEqual(inbox.problems);
    expect(records.find((r) => r.headers?.event_id === hex(3))?.path).toBe('/stream');
  });

  it('does not trace its own requests inside a traced app (the built SDK, in a child process)', async () => {
    // Were its requests traced, each envelope would bring a transaction, sent to it, traced again…
    const result = await runScenario(fileURLToPath(new URL('./fixtures/traced-app.mjs', import.meta.url)));
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual([['GET /hello', 'http.server']]);
  });

  it('closes cleanly: live feeds end and no server handle is left', async () => {
    const servers = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
    const baseline = servers();
    const other = await startInbox({ port: 0, max: 2 });
    expect(servers()).toBe(baseline + 1);
    for (let i = 0; i < 3; i++) await post('/stream', envelopeOf(hex(100 + i), `m${i}`), {});
    const feed = await new Promise<IncomingMessage>((resolve, reject) =>
      get(`${other.url}/events/stream`, resolve).on('error', reject),
    );
    expect(feed.headers['content-type']).toBe('text/event-stream');
    const ended = new Promise<void>((resolve) => feed.on('close', () => resolve()));
    feed.resume();
    await other.close();
    await ended;
    expect(servers()).toBe(baseline);
  });

  it('keeps the last `max` envelopes', async () => {
    const small = await startInbox({ port: 0, max: 2 });
    try {
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${small.url}/stream`, {
          method: 'POST',
          body: envelopeOf(hex(200 + i), `m${i}`),
        });
        expect(res.status).toBe(200);
      }
      expect(small.events().map((e) => messageOf(e))).toEqual(['m1', 'm2']);
      expect(small.envelopes).toHaveLength(2);
    } finally {
      await small.close();
    }
  });
});
