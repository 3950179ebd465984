// A real IncomingMessage fed by hand: the app reads it (or not), our capture only observes.
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, test } from 'vitest';
import { captureBody } from '../../../instrumentations/http-server/body.js';

function request(contentType?: string): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  if (contentType) req.headers['content-type'] = contentType;
  return req;
}

const readAll = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      text += c;
    });
    req.on('end', () => resolve(text));
  });

describe('captureBody', () => {
  test('observes what the app reads, without reading it itself', async () => {
    const req = request('application/json');
    const capture = captureBody(req, 1000);
    req.push('{"a":');
    req.push('1}');
    req.push(null);
    await new Promise((r) => setTimeout(r, 10));
    // Nothing consumed the stream: still paused, body still there for the app.
    expect(req.readableFlowing).toBe(null);
    expect(capture?.text()).toBeUndefined();
    expect(await readAll(req)).toBe('{"a":1}');
    expect(capture?.text()).toBe('{"a":1}');
  });

  test('async iteration (read()) is observed too', async () => {
    const req = request('text/plain');
    const capture = captureBody(req, 1000);
    req.push('hello ');
    req.push('world');
    req.push(null);
    const chunks: string[] = [];
    for await (const chunk of req) chunks.push(String(chunk));
    expect(chunks.join('')).toBe('hello world');
    expect(capture?.text()).toBe('hello world');
  });

  test('cut at the limit, without a broken character, the app still gets everything', async () => {
    const req = request('text/plain; charset=utf-8');
    const capture = captureBody(req, 4);
    req.push(Buffer.from('abcé'));
    req.push(Buffer.from('fgh'));
    req.push(null);
    // 'é' is two bytes: 4 bytes end in the middle of it.
    expect(await readAll(req)).toBe('abcéfgh');
    expect(capture?.text()).toBe('abc...');
  });

  test('a long body is shown (cut) before the app read all of it', () => {
    const req = request();
    const capture = captureBody(req, 3);
    req.emit('data', Buffer.from('abcdef'));
    expect(capture?.text()).toBe('abc...');
  });

  test.each([['multipart/form-data; boundary=x'], ['application/octet-stream'], ['image/png']])(
    'not captured for %s',
    (type) => {
      expect(captureBody(request(type), 1000)).toBeUndefined();
    },
  );

  test.each([
    ['application/json'],
    ['application/vnd.api+json'],
    ['application/x-www-form-urlencoded'],
    ['text/html'],
  ])('captured for %s', (type) => {
    expect(captureBody(request(type), 1000)).toBeDefined();
  });

  test('limit 0 (none) captures nothing and leaves the request untouched', () => {
    const req = request('application/json');
    const emit = req.emit;
    expect(captureBody(req, 0)).toBeUndefined();
    expect(req.emit).toBe(emit);
  });
});
