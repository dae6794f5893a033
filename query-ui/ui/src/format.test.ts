import { describe, expect, it } from 'vitest';
import { axisMax, formatBytes, formatShortCount, formatTick, formatValue, histogramBands, niceMax, unitLabel } from './format';

describe('histogramBands', () => {
  it('orders the normal schema fast to error and fills missing bands with 0', () => {
    expect(histogramBands({ error: 2, '1s': 10, slow: 1 }).map((b) => [b.band, b.count, b.kind])).toEqual([
      ['1s', 10, 'ok'], ['3s', 0, 'ok'], ['5s', 0, 'ok'], ['slow', 1, 'slow'], ['error', 2, 'error'],
    ]);
  });
  it('recognises the FAST schema of caches', () => {
    expect(histogramBands({ '100ms': 5, '300ms': 1, '500ms': 0, slow: 0, error: 0 }).map((b) => b.band))
      .toEqual(['100ms', '300ms', '500ms', 'slow', 'error']);
  });
  it('survives a missing histogram', () => {
    expect(histogramBands(undefined).every((b) => b.count === 0)).toBe(true);
  });
});

describe('numbers', () => {
  it('shortens large counts', () => {
    expect(formatShortCount(950)).toBe('950');
    expect(formatShortCount(9_999)).toBe('9,999');
    expect(formatShortCount(12_345)).toBe('12.3K');
    expect(formatShortCount(2_500_000)).toBe('2.5M');
  });
  it('rounds axis maxima to 1-2-5 steps', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(730)).toBe(1000);
    expect(niceMax(1200)).toBe(2000);
    expect(niceMax(4100)).toBe(5000);
  });
});

describe('metric values', () => {
  it('humanises bytes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(200 * 1024 * 1024)).toBe('200 MiB');
  });
  it('formats by unit: ratios as %, seconds, annotations dropped', () => {
    expect(formatValue(0.125, '1')).toBe('12.5 %');
    expect(formatValue(0.02, 's')).toBe('20 ms');
    expect(formatValue(42, '{thread}')).toBe('42');
    expect(formatValue(3 * 1024 ** 3, 'By')).toBe('3.00 GiB');
    expect(formatValue(1234.5, 'ms')).toBe('1,235 ms');
    expect(formatValue(null, 'ms')).toBe('-');
  });
  it('formats byte rates in binary units per second', () => {
    expect(formatValue(220, 'By/s')).toBe('220 B/s');
    expect(formatValue(20 * 1024, 'By/s')).toBe('20.0 KiB/s');
    expect(formatValue(NaN, 'By/s')).toBe('-');
  });
  it('unit labels drop UCUM braces and name bytes and ratios', () => {
    expect(unitLabel('{request}/s')).toBe('request/s');
    expect(unitLabel('By')).toBe('bytes');
    expect(unitLabel('By/s')).toBe('bytes/s');
    expect(unitLabel('1')).toBe('%');
    expect(unitLabel('ms')).toBe('ms');
  });
  it('axis maxima: 100 % for ratios, rounded in the byte unit', () => {
    expect(axisMax(0.3, '1')).toBe(1);
    expect(axisMax(300 * 1024 * 1024, 'By')).toBe(500 * 1024 * 1024);
    expect(axisMax(42, 'ms')).toBe(50);
    expect(axisMax(1.5, '1')).toBe(2);
    expect(axisMax(600, 'By')).toBe(1000);
    expect(axisMax(4.66 * 1024 ** 3, 'By')).toBe(5 * 1024 ** 3);
  });
  it('axis labels drop trailing zeros after the point, keep the others', () => {
    expect(formatTick(10 * 1024 ** 3, 'By')).toBe('10 GiB');
    expect(formatTick(5 * 1024 ** 3, 'By')).toBe('5 GiB');
    expect(formatTick(2.5 * 1024 ** 2, 'By/s')).toBe('2.5 MiB/s');
    expect(formatTick(1.25 * 1024, 'By')).toBe('1.25 KiB');
    expect(formatTick(0, 'By')).toBe('0 B');
    expect(formatTick(0.025, '{request}/s')).toBe('0.025');
    expect(formatTick(10_000, '{class}')).toBe('10,000');
    expect(formatTick(0.5, '1')).toBe('50 %');
    expect(formatTick(-2.5, 'ms')).toBe('-2.5 ms');
  });
  it('axis maxima for byte rates: rounded in the 1024 multiple too', () => {
    expect(axisMax(220, 'By/s')).toBe(500);
    expect(axisMax(3.2 * 1024 ** 2, 'By/s')).toBe(5 * 1024 ** 2);
  });
});
