import { describe, expect, it } from 'vitest';
import {
  formatRand,
  parseBaggage,
  parseSampleRand,
  sampleRandFromTraceId,
  serializeBaggage,
} from '../../../../src/tracing/dsc.js';

describe('baggage', () => {
  it('splits the DSC from other vendors, whose members stay verbatim', () => {
    const { dsc, others } = parseBaggage(
      'other=1;prop=x, sentry-trace_id=abc,sentry-release=my%20app%401.0, userId=alice,sentry-sample_rand=0.5',
    );
    expect(dsc).toEqual({ trace_id: 'abc', release: 'my app@1.0', sample_rand: '0.5' });
    expect(others).toEqual(['other=1;prop=x', 'userId=alice']);
  });

  it('reads several headers, and ignores members without a key or with bad encoding', () => {
    const { dsc, others } = parseBaggage(['a=1', '=x,sentry-=y,sentry-release=%E0%A4%A,b=2,noequals']);
    expect(dsc).toBeUndefined();
    expect(others).toEqual(['a=1', 'b=2']);
  });

  it.each([[undefined], [''], [' , , ']])('has nothing in %j', (header) => {
    expect(parseBaggage(header)).toEqual({ dsc: undefined, others: [] });
  });

  it('round-trips the DSC, encoded, after the other members', () => {
    const dsc = { trace_id: 't', release: 'a,b=c d', environment: 'prod' };
    const header = serializeBaggage(dsc, ['vendor=1']);
    expect(header).toBe('vendor=1,sentry-trace_id=t,sentry-release=a%2Cb%3Dc%20d,sentry-environment=prod');
    expect(parseBaggage(header).dsc).toEqual(dsc);
  });

  it('stays within the W3C limits: 180 members, 8 192 bytes', () => {
    const many = Array.from({ length: 400 }, (_, i) => `k${i}=v`);
    expect(serializeBaggage({}, many).split(',')).toHaveLength(180);
    const huge = parseBaggage(`${'x'.repeat(100_000)}=1,sentry-trace_id=t`);
    expect(huge.others.join(',').length).toBeLessThanOrEqual(20_000);
    expect(serializeBaggage({ trace_id: 't' }, [`big=${'v'.repeat(9000)}`])).toBe('');
  });
});

describe('sample_rand', () => {
  it('is derived from the trace id, the same everywhere, in [0, 1) with six decimals', () => {
    expect(sampleRandFromTraceId('0af7651916cd43dd8448eb211c80319c')).toBe(0.111331);
    expect(sampleRandFromTraceId('ffffffffffffffffffffffffffffffff')).toBe(0.999999);
    expect(formatRand(0.9999999)).toBe('0.999999');
    expect(formatRand(0)).toBe('0.000000');
  });

  it.each([
    ['0.25', 0.25],
    ['0', 0],
    ['1', undefined],
    ['-0.1', undefined],
    ['NaN', undefined],
    ['abc', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('parses %j as %j', (value, expected) => {
    expect(parseSampleRand(value)).toBe(expected);
  });
});
