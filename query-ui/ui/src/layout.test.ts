import { describe, expect, it } from 'vitest';
import { BADGE, COUNT_Y, LAYER_GAP, drawMap, intersects, layoutMap, nodeRects, textWidth } from './layout';

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

// The demo shop seen from web-frontend: api-gateway fans out; orders → MYSQL crosses payments → stripe.
const shop = () => {
  const n = (key: string, category: string, count: string | null) =>
    ({ key, category, name: key.split('^')[0], type: key.split('^')[1], count });
  const nodes = [
    n('web-frontend^USER', 'USER', null), n('web-frontend^NODE', 'SERVER', '509 / 17 err'),
    n('api-gateway^JAVA', 'SERVER', '509 / 17 err'), n('orders^JAVA', 'SERVER', '506 / 12 err'),
    n('payments^GO', 'SERVER', '130 / 2 err'), n('recommendations^PYTHON', 'SERVER', '251 / 3 err'),
    n('orders^MYSQL', 'DATABASE', '1,010 / 12 err'), n('api.stripe.example:443^OPENTELEMETRY_CLIENT', 'UNKNOWN', '47 / 2 err'),
    n('payments-events^KAFKA_CLIENT', 'QUEUE', '128'), n('redis.shop.svc:6379^REDIS', 'CACHE', '375'),
  ];
  const l = (from: string, to: string, label: string) => ({ from, to, label });
  const links = [
    l('web-frontend^USER', 'web-frontend^NODE', '509 (17 err)'), l('web-frontend^NODE', 'api-gateway^JAVA', '509 (17 err)'),
    l('api-gateway^JAVA', 'orders^JAVA', '506 (12 err)'), l('api-gateway^JAVA', 'payments^GO', '130 (2 err)'),
    l('api-gateway^JAVA', 'recommendations^PYTHON', '251 (3 err)'), l('orders^JAVA', 'orders^MYSQL', '1,010 (12 err)'),
    l('payments^GO', 'api.stripe.example:443^OPENTELEMETRY_CLIENT', '47 (2 err)'),
    l('payments^GO', 'payments-events^KAFKA_CLIENT', '128'), l('recommendations^PYTHON', 'redis.shop.svc:6379^REDIS', '375'),
    l('orders^JAVA', 'web-frontend^NODE', '3'), // a back link: bent
  ];
  return { nodes, links };
};

describe('drawMap', () => {
  it('places link labels clear of each other and of every node part where links converge', () => {
    const { nodes, links } = shop();
    const d = drawMap(nodes, links, 'web-frontend^NODE');
    const labels = links.map((x) => d.labels.get(`${x.from}->${x.to}`)!);
    expect(labels.every(Boolean)).toBe(true);
    const parts = nodes.flatMap((n) => nodeRects(d.positions.get(n.key)!, n).map((r) => ({ r, key: n.key })));
    labels.forEach((a, i) => {
      labels.forEach((b, j) => { if (i < j) expect(intersects(a, b), `${links[i].label} / ${links[j].label}`).toBe(false); });
      for (const p of parts) expect(intersects(a, p.r), `label ${links[i].label} on ${p.key}`).toBe(false);
    });
  });
  it('keeps every part inside the canvas, long names at the edges included', () => {
    const { nodes, links } = shop();
    const d = drawMap(nodes, links, 'web-frontend^NODE');
    const rects = [...nodes.flatMap((n) => nodeRects(d.positions.get(n.key)!, n)), ...d.labels.values()];
    for (const r of rects) {
      expect(r.x).toBeGreaterThanOrEqual(0);
      expect(r.y).toBeGreaterThanOrEqual(0);
      expect(r.x + r.w).toBeLessThanOrEqual(d.width);
      expect(r.y + r.h).toBeLessThanOrEqual(d.height);
    }
  });
  it('keeps the parts of nodes one above the other apart (count, badge, name, type)', () => {
    const { nodes, links } = shop();
    const d = drawMap(nodes, links, 'web-frontend^NODE');
    nodes.forEach((a, i) => nodes.forEach((b, j) => {
      if (i >= j) return;
      for (const ra of nodeRects(d.positions.get(a.key)!, a)) {
        for (const rb of nodeRects(d.positions.get(b.key)!, b)) expect(intersects(ra, rb), `${a.key} / ${b.key}`).toBe(false);
      }
    }));
  });
  it('draws a node count clear of its badge', () => {
    const w = textWidth('1,010 / 12 err', 11);
    const count = { x: -w / 2, y: COUNT_Y - 11, w, h: 14 };
    expect(intersects(count, BADGE)).toBe(false);
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
