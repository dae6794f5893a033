import { describe, expect, it } from 'vitest';
import { parseRange } from './time';
import { PAGE_VIEWS, clampDepth, formatHash, parseHash, traceContext, transactionHash, viewHref, withParams } from './route';

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
  it('a transaction link keeps the application and range it was opened from', () => {
    const map = parseHash('#/map?application=web&range=1h&outbound=2&node=orders%5EJAVA');
    const r = parseHash(transactionHash('4bf92f3577b34da6a3ce929d0e0e4736', map.params));
    expect(r).toMatchObject({ view: 'transaction', id: '4bf92f3577b34da6a3ce929d0e0e4736' });
    expect(r.params.get('application')).toBe('web');
    expect(parseRange(r.params, 1_000_000_000).preset).toBe('1h');
    const custom = parseHash(transactionHash('a^1^2', new URLSearchParams('application=web&from=1000&to=2000')));
    expect(custom.id).toBe('a^1^2');
    expect(parseRange(custom.params, 5000)).toEqual({ from: 1000, to: 2000, preset: null });
  });
  it('a bare transaction link gets the trace\'s application and a range around it', () => {
    const bare = parseHash('#/transaction/abc?span=00f0').params;
    const p = traceContext(bare, { application: 'orders', start: 1_700_000_030_000, end: 1_700_000_031_000 })!;
    expect(p.get('application')).toBe('orders');
    expect(p.get('span')).toBe('00f0');
    const range = parseRange(p, Date.now());
    expect(range.from).toBeLessThanOrEqual(1_700_000_030_000 - 600_000);
    expect(range.to).toBeGreaterThanOrEqual(1_700_000_031_000 + 600_000);
    expect(traceContext(new URLSearchParams('application=web&range=1h'), { application: 'orders', start: 1, end: 2 })).toBeNull();
    expect(traceContext(bare, { application: null, start: 1, end: 2 })).toBeNull();
  });
  it('every page view round-trips and its link keeps the application and range only', () => {
    for (const view of PAGE_VIEWS) {
      const r = parseHash(`#/${view}?application=web&range=1h`);
      expect(r.view).toBe(view);
      expect(formatHash(r)).toBe(`#/${view}?application=web&range=1h`);
    }
    const from = new URLSearchParams('application=web&range=3h&node=x&route=GET+%2Fa');
    expect(viewHref('uri-stats', from)).toBe('#/uri-stats?application=web&range=3h');
    expect(viewHref('inspector', from, { agent: 'web-1' })).toBe('#/inspector?application=web&range=3h&agent=web-1');
    expect(parseHash(viewHref('map', from, { route: 'GET /a' })).params.get('route')).toBe('GET /a');
  });
});
