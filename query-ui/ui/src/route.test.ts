import { describe, expect, it } from 'vitest';
import { clampDepth, formatHash, parseHash, withParams } from './route';

describe('hash routes', () => {
  it('parses map deep links', () => {
    const r = parseHash('#/map?application=web&range=1h&inbound=2&outbound=1&node=web%5EJAVA');
    expect(r.view).toBe('map');
    expect(r.params.get('node')).toBe('web^JAVA');
    expect(clampDepth(r.params.get('inbound'))).toBe(2);
  });
  it('parses transaction deep links and round-trips them', () => {
    const r = parseHash('#/transaction/4bf92f3577b34da6a3ce929d0e0e4736?span=00f067aa0ba902b7');
    expect(r).toMatchObject({ view: 'transaction', id: '4bf92f3577b34da6a3ce929d0e0e4736' });
    expect(formatHash(r)).toBe('#/transaction/4bf92f3577b34da6a3ce929d0e0e4736?span=00f067aa0ba902b7');
  });
  it('defaults to the map and clamps depth to 1..4', () => {
    expect(parseHash('').view).toBe('map');
    expect(clampDepth('9')).toBe(4);
    expect(clampDepth('0')).toBe(1);
    expect(clampDepth(null)).toBe(1);
  });
  it('withParams replaces and removes keys', () => {
    const p = withParams(new URLSearchParams('a=1&b=2'), { a: null, c: 3 });
    expect(p.toString()).toBe('b=2&c=3');
  });
});
