// The SDK's log lines never print the DSN's keys, whatever carries them; without secrets to hide,
// arguments reach the console untouched.
import { afterEach, expect, test, vi } from 'vitest';
import { debug } from '../../../../src/utils/debug.js';

afterEach(() => {
  debug.redact([]);
  vi.restoreAllMocks();
});

test('a registered key is replaced in strings and in errors; the line reads as console would print it', () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  debug.redact(['0123456789abcdef', undefined]);
  debug.alwaysWarn(
    'sending to https://0123456789abcdef@o1.example/1 (%s)',
    new Error('key 0123456789abcdef'),
  );
  const line = String(warn.mock.calls[0]?.[0]);
  expect(line).not.toContain('0123456789abcdef');
  expect(line).toMatch(
    /^\[otel-sentry\] sending to https:\/\/\[Filtered\]@o1\.example\/1 \(%s\) Error: key \[Filtered\]/,
  );
});

test('without secrets, arguments go to the console as given', () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const err = new Error('e');
  debug.alwaysWarn('message', err);
  expect(warn.mock.calls[0]).toEqual(['[otel-sentry]', 'message', err]);
});
