import { describe, expect, it } from 'vitest';
import { LAYER_GAP, layoutMap } from './layout';

const node = (key: string, category = 'SERVER') => ({ key, category });

describe('layoutMap', () => {
  it('puts callers left and callees right of the centre, USER first', () => {
    const nodes = [node('web^USER', 'USER'), node('web^JAVA'), node('api^JAVA'), node('shop^MYSQL', 'DATABASE'), node('redis^REDIS', 'CACHE')];
    const links = [
      { from: 'web^USER', to: 'web^JAVA' }, { from: 'web^JAVA', to: 'api^JAVA' },
      { from: 'api^JAVA', to: 'shop^MYSQL' }, { from: 'web^JAVA', to: 'redis^REDIS' },
    ];
    const { positions } = layoutMap(nodes, links, 'api^JAVA');
    const layer = (k: string) => positions.get(k)!.layer;
    expect(layer('api^JAVA')).toBe(0);
    expect(layer('shop^MYSQL')).toBe(1);
    expect(layer('web^JAVA')).toBe(-1);
    expect(layer('web^USER')).toBe(-2);
    expect(positions.get('shop^MYSQL')!.x - positions.get('api^JAVA')!.x).toBe(LAYER_GAP);
  });
  it('places every node exactly once, even with cycles and disconnected parts', () => {
    const nodes = [node('a'), node('b'), node('c'), node('x'), node('y')];
    const links = [{ from: 'a', to: 'b' }, { from: 'b', to: 'a' }, { from: 'b', to: 'c' }, { from: 'x', to: 'y' }, { from: 'a', to: 'ghost' }];
    const { positions } = layoutMap(nodes, links, 'a');
    expect([...positions.keys()].sort()).toEqual(['a', 'b', 'c', 'x', 'y']);
    const spots = new Set([...positions.values()].map((p) => `${p.x},${p.y}`));
    expect(spots.size).toBe(5);
  });
  it('handles an empty map', () => {
    expect(layoutMap([], [], null).positions.size).toBe(0);
  });
});

describe('scatter scale', () => {
  it('maps pixels back to the time and elapsed values they were drawn from', async () => {
    const { scatterScale } = await import('./Scatter');
    const s = scatterScale(1_000_000, 1_060_000, 5000);
    expect(s.time(s.x(1_030_000))).toBeCloseTo(1_030_000, 3);
    expect(s.elapsed(s.y(1250))).toBeCloseTo(1250, 6);
    expect(s.y(0)).toBeGreaterThan(s.y(5000)); // y grows downwards on the canvas
  });
});
