// The OpenTelemetry entry points users construct themselves never throw, whatever they are given.
import { describe, expect, it } from 'vitest';
import { SentrySampler, SentrySpanProcessor } from '../../../exporters/index.js';
import {
  sentryInstrumentations,
  withSentryHooks,
  withSentryUndiciHooks,
} from '../../../instrumentations/index.js';

const hostile: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['a number', 42],
  ['a string', 'x'],
  [
    'a throwing proxy',
    new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
      },
    ),
  ],
];

describe('OpenTelemetry entry points under hostile input', () => {
  it.each(hostile)('construct and configure without throwing: %s', (_name, value) => {
    expect(() => new SentrySpanProcessor(value as never)).not.toThrow();
    expect(() => new SentrySampler(value as never)).not.toThrow();
    expect(() => withSentryHooks(value as never)).not.toThrow();
    expect(() => withSentryUndiciHooks(value as never)).not.toThrow();
    expect(() => sentryInstrumentations(value as never)).not.toThrow();
  });
});
