// Passive capture of an incoming request's body, bounded. It observes the chunks the app itself
// reads (by wrapping the request's `emit`) instead of adding a 'data' listener, which would switch
// the stream to flowing mode and hand the body to nobody if the app reads it later.
import type { IncomingMessage } from 'node:http';
import { safe } from '../../src/utils/safe.js';

/** Content types whose bodies are text worth showing; multipart (files) and binary are skipped. */
const TEXTUAL = /^(text\/|application\/([\w.+-]*\+)?(json|xml|x-www-form-urlencoded|graphql|javascript))/i;

export interface BodyCapture {
  /** The body as text once the app read all of it, or its first `limit` bytes and '...' when longer. */
  text(): string | undefined;
}

export function captureBody(request: IncomingMessage, limit: number): BodyCapture | undefined {
  if (limit <= 0) return undefined;
  const type = request.headers['content-type'];
  if (type !== undefined && !TEXTUAL.test(type)) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  let ended = false;

  const collect = (chunk: unknown): void => {
    if (truncated) return;
    const buffer =
      typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : undefined;
    if (!buffer) return;
    const room = limit - size;
    if (buffer.length > room) {
      truncated = true;
      chunks.push(buffer.subarray(0, room));
      size = limit;
      return;
    }
    chunks.push(buffer);
    size += buffer.length;
  };

  const originalEmit = request.emit;
  request.emit = function (this: IncomingMessage, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'data') safe('request body', () => collect(args[0]), undefined);
    else if (event === 'end') ended = true;
    return originalEmit.apply(this, [event, ...args] as Parameters<typeof originalEmit>);
  } as typeof request.emit;

  return {
    text() {
      if ((!ended && !truncated) || size === 0) return undefined;
      // A cut can split a multi-byte character: drop the partial character it leaves.
      const text = Buffer.concat(chunks).toString('utf8');
      return truncated ? `${text.replace(/\uFFFD+$/, '')}...` : text;
    },
  };
}
