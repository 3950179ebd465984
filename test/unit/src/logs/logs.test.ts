// Sentry Logs in one process with a recording transport (the wire text itself: each attribute
// once), and over real HTTP for rate limits and send failures, counted in client reports.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import * as Sentry from '../../../../src/index.js';
import type { SerializedLog } from '../../../../src/logs/types.js';
import { parseEnvelope } from '../../../../src/protocol/envelope.js';
import type { ClientReport, Envelope } from '../../../../src/protocol/types.js';
import type { TransportFactory } from '../../../../src/transport/types.js';
import { attributesOf } from '../../../helpers/event-fields.js';

afterEach(async () => {
  await Sentry.close(0);
  Sentry.getGlobalScope().clear();
  Sentry.getIsolationScope().clear();
  Sentry.getCurrentScope().clear();
});

const DSN = 'https://0123456789abcdef0123456789abcdef@sentry.example.com/1';

function recording(options: Partial<Sentry.Options> = {}): { sent: Envelope[]; raw: string[] } {
  const sent: Envelope[] = [];
  const raw: string[] = [];
  const transport: TransportFactory = () => ({
    // The text the SDK built (what its own transport sends); the envelope holds it parsed.
    send(envelope, payloadJson) {
      sent.push(envelope);
      envelope[1].forEach(([h, p], i) => {
        if (h.type === 'log') raw.push(payloadJson?.[i] ?? JSON.stringify(p));
      });
    },
    flush: () => Promise.resolve(true),
  });
  Sentry.init({ dsn: DSN, transport, defaultIntegrations: false, enableLogs: true, ...options });
  return { sent, raw };
}

const logsOf = (raw: string[]): SerializedLog[] => raw.flatMap((p) => JSON.parse(p).items);
const reportsOf = (sent: Envelope[]) =>
  sent.flatMap((e) => e[1].filter(([h]) => h.type === 'client_report').map(([, p]) => p as ClientReport));

describe('logger', () => {
  it('writes each attribute once: the SDK over the call, the call over the scopes, current over global', async () => {
    const { raw } = recording({ release: 'r9' });
    Sentry.getGlobalScope().setAttributes({ shared: 'global', g: 1 });
    Sentry.getCurrentScope().setAttribute('shared', 'current');
    Sentry.logger.info('one', { 'sentry.release': 'mine', shared: 'call', 'user.id': 'given' });
    Sentry.setUser({ id: 'scope-user' });
    await Sentry.flush(1000);
    expect(raw).toHaveLength(1);
    const text = raw[0] as string;
    for (const key of ['sentry.release', 'shared', 'user.id', 'g']) {
      expect(text.split(`"${key}":{`).length - 1, key).toBe(1);
    }
    const [log] = logsOf(raw);
    expect(attributesOf(log)).toMatchObject({
      'sentry.release': 'r9',
      shared: 'call',
      'user.id': 'given',
      g: 1,
    });
  });

  it('captures nothing with enableLogs: false, and never throws before init or on hostile input', async () => {
    expect(() => Sentry.logger.info('before init')).not.toThrow();
    const { raw } = recording({ enableLogs: false });
    Sentry.logger.info('off');
    await Sentry.flush(1000);
    expect(raw).toEqual([]);
    await Sentry.close(0);

    const on = recording();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('get');
        },
        ownKeys: () => {
          throw new Error('keys');
        },
      },
    );
    const calls = [
      () => Sentry.logger.info('circular', { circular, list: [circular] }),
      () => Sentry.logger.info('huge', { big: 'x'.repeat(10 * 1024 * 1024), many: Array(5000).fill(1) }),
      () => Sentry.logger.warn(hostile),
      () => Sentry.logger.error('proxy attrs', hostile as Record<string, unknown>),
      () => Sentry.logger.info(Symbol('s') as unknown as string),
      () => Sentry.logger.info('params not array', 'x' as unknown as Record<string, unknown>),
      () => Sentry.logger.debug('%s %s', [hostile, circular]),
      () => Sentry.logger.info(Sentry.logger.fmt`a ${hostile} b`),
    ];
    calls.push(
      () => Sentry.getCurrentScope().setAttributes(hostile as Record<string, unknown>),
      () => Sentry.getCurrentScope().setAttribute('k', hostile),
      () => Sentry.getCurrentScope().removeAttribute(hostile as unknown as string),
      () => Sentry.logger.info('after hostile scope attributes'),
    );
    for (const call of calls) expect(call).not.toThrow();
    await Sentry.flush(1000);
    const logs = logsOf(on.raw);
    expect(logs.map((l) => l.body)).toContain('circular');
    expect(String(attributesOf(logs.find((l) => l.body === 'huge')).big).length).toBeLessThanOrEqual(8192);
    expect(attributesOf(logs.find((l) => l.body === 'huge')).many).toContain('[MaxProperties ~]');
    expect(logs.map((l) => l.body)).toContain('Symbol(s)');
    for (const text of on.raw) expect(() => JSON.parse(text)).not.toThrow();
  });

  it('logger.fmt is parameterize, as in @sentry/node: a literal % is escaped in the template', async () => {
    expect(Sentry.logger.fmt).toBe(Sentry.parameterize);
    const { raw } = recording();
    Sentry.logger.info(Sentry.logger.fmt`100% of ${'bob'} done`);
    await Sentry.flush(1000);
    const [log] = logsOf(raw);
    expect(log?.body).toBe('100% of bob done');
    expect(attributesOf(log)['sentry.message.template']).toBe('100%% of %s done');
  });

  it('beforeSendLog: null drops (counted), a throw keeps the log', async () => {
    const { sent, raw } = recording({
      beforeSendLog: (log) => {
        if (log.message === 'drop') return null;
        if (log.message === 'throw') throw new Error('user bug');
        return log;
      },
    });
    Sentry.logger.info('drop');
    Sentry.logger.info('drop');
    Sentry.logger.info('throw');
    Sentry.logger.info('keep');
    await Sentry.flush(1000);
    expect(logsOf(raw).map((l) => l.body)).toEqual(['throw', 'keep']);
    expect(reportsOf(sent).flatMap((r) => r.discarded_events)).toEqual([
      { reason: 'before_send', category: 'log_item', quantity: 2 },
    ]);
  });
});

describe('buffer', () => {
  it('holds 100 000 logs of a synchronous burst; beyond, drops and counts them', async () => {
    const { sent, raw } = recording();
    for (let i = 0; i < 100_050; i++) Sentry.logger.info('burst');
    await Sentry.flush(10_000);
    const counts = sent
      .flatMap((e) => e[1])
      .filter(([h]) => h.type === 'log')
      .map(([h]) => h.item_count ?? 0);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(Math.max(...counts)).toBe(100);
    expect(raw).toHaveLength(1000);
    expect(reportsOf(sent).flatMap((r) => r.discarded_events)).toEqual([
      { reason: 'queue_overflow', category: 'log_item', quantity: 50 },
    ]);
  });
});

describe('over HTTP', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    server = undefined;
  });

  /** A server answering each envelope with `answer(types)`; returns its DSN and what it received. */
  async function serve(answer: (types: string[]) => { status: number; headers?: Record<string, string> }) {
    const received: Envelope[] = [];
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        const parsed = parseEnvelope(body);
        if (parsed.ok) received.push(parsed.envelope);
        const { status, headers } = answer(parsed.ok ? parsed.envelope[1].map(([h]) => h.type) : []);
        res.writeHead(status, headers);
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { dsn: `http://0123456789abcdef0123456789abcdef@127.0.0.1:${port}/1`, received };
  }

  it('a log_item rate limit drops later log items, counted per log', async () => {
    let first = true;
    const { dsn, received } = await serve(() => {
      if (!first) return { status: 200 };
      first = false;
      return { status: 200, headers: { 'X-Sentry-Rate-Limits': '60:log_item:organization' } };
    });
    Sentry.init({ dsn, enableLogs: true, defaultIntegrations: false });
    Sentry.logger.info('before the limit');
    await Sentry.flush(2000);
    for (let i = 0; i < 150; i++) Sentry.logger.info('limited', { i });
    Sentry.captureMessage('errors still go');
    await Sentry.flush(2000);
    const types = received.flatMap((e) => e[1].map(([h]) => h.type));
    expect(types.filter((t) => t === 'log')).toHaveLength(1);
    expect(types).toContain('event');
    const dropped = received
      .flatMap((e) => e[1].filter(([h]) => h.type === 'client_report').map(([, p]) => p as ClientReport))
      .flatMap((r) => r.discarded_events);
    expect(dropped).toEqual([{ reason: 'ratelimit_backoff', category: 'log_item', quantity: 150 }]);
  });

  it('a failed send of a log item is counted per log', async () => {
    const { dsn, received } = await serve((types) => ({ status: types.includes('log') ? 500 : 200 }));
    Sentry.init({ dsn, enableLogs: true, defaultIntegrations: false });
    for (let i = 0; i < 120; i++) Sentry.logger.info('lost', { i });
    await Sentry.flush(2000);
    const dropped = received
      .flatMap((e) => e[1].filter(([h]) => h.type === 'client_report').map(([, p]) => p as ClientReport))
      .flatMap((r) => r.discarded_events);
    const total = dropped.filter((d) => d.category === 'log_item').reduce((n, d) => n + d.quantity, 0);
    expect(total).toBe(120);
  });
});
