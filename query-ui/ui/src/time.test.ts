import { describe, expect, it } from 'vitest';
import { parseLocalDateTime, parseRange, toLocalDateTime } from './time';

describe('parseRange', () => {
  const now = 1_700_000_123_456;
  it('resolves a preset against now, on whole seconds', () => {
    const r = parseRange(new URLSearchParams('range=1h'), now);
    expect(r).toEqual({ from: 1_700_000_123_000 - 3_600_000, to: 1_700_000_123_000, preset: '1h' });
  });
  it('defaults to 20m for a missing or unknown preset', () => {
    expect(parseRange(new URLSearchParams(''), now).preset).toBe('20m');
    expect(parseRange(new URLSearchParams('range=7y'), now).preset).toBe('20m');
  });
  it('prefers a valid custom from/to', () => {
    expect(parseRange(new URLSearchParams('range=1h&from=1000&to=5000'), now)).toEqual({ from: 1000, to: 5000, preset: null });
  });
  it('ignores a custom range that is reversed or not a number', () => {
    expect(parseRange(new URLSearchParams('from=5000&to=1000'), now).preset).toBe('20m');
    expect(parseRange(new URLSearchParams('from=x&to=1000'), now).preset).toBe('20m');
  });
});

describe('datetime-local', () => {
  it('round-trips to minute precision', () => {
    const ms = parseLocalDateTime('2024-05-01T10:20');
    expect(toLocalDateTime(ms)).toBe('2024-05-01T10:20');
    expect(Number.isNaN(parseLocalDateTime('yesterday'))).toBe(true);
  });
});
