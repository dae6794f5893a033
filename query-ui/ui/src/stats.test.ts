import { describe, expect, it } from 'vitest';
import { activeStack, activeTotal, liveLines, liveRange, type ActiveSnapshot } from './realtime';
import { aggregateLine, appSeriesCharts, genericCharts, withData } from './inspector';
import { bandShares, routeLines, sortAndLimit } from './stats';

describe('statistics pages', () => {
  it('sort and limit fall back to busiest and 50', () => {
    expect(sortAndLimit(new URLSearchParams('sort=slowest&limit=100'))).toEqual({ sort: 'slowest', limit: 100 });
    expect(sortAndLimit(new URLSearchParams('sort=drop&limit=7'))).toEqual({ sort: 'busiest', limit: 50 });
  });
  it('band shares keep the non-empty bands in display order', () => {
    expect(bandShares({ error: 1, '1s': 3 }).map((b) => [b.band, b.share])).toEqual([['1s', 0.75], ['error', 0.25]]);
    expect(bandShares(undefined)).toEqual([]);
  });
  it('a route series leaves buckets without calls out of the latency lines', () => {
    const l = routeLines({ route: 'GET /a', bucketMs: 60_000, points: [
      [0, { totalCount: 2, errorCount: 1, avgMs: 10, maxMs: 15 }],
      [60_000, { totalCount: 0, errorCount: 0, avgMs: 0, maxMs: 0 }],
    ] });
    expect(l.calls.map((c) => c.points)).toEqual([[[0, 2], [60_000, 0]], [[0, 1], [60_000, 0]]]);
    expect(l.latency.map((c) => c.points)).toEqual([[[0, 10]], [[0, 15]]]);
  });
});

describe('inspectors', () => {
  it('an aggregate becomes the average line with the min–max band naming the agents', () => {
    const l = aggregateLine('heap', [[1, 200, 50, 350, 'b', 'c']]);
    expect(l.points).toEqual([[1, 200]]);
    expect(l.band).toEqual([[1, 50, 350, 'b', 'c']]);
  });
  it('series are charted per metric name, one line per attribute set', () => {
    const charts = appSeriesCharts([
      { name: 'jvm.memory.used', unit: 'By', attributes: { 'jvm.memory.type': 'heap' }, points: [[1, 2, 1, 3, 'a', 'b']] },
      { name: 'jvm.class.count', unit: '{class}', points: [] },
      { name: 'jvm.memory.used', unit: 'By', attributes: { 'jvm.memory.type': 'non_heap' }, points: [] },
    ]);
    expect(charts.map((c) => [c.title, c.unit, c.lines.map((l) => l.label)])).toEqual([
      ['jvm.class.count', '{class}', ['avg']],
      ['jvm.memory.used', 'By', ['jvm.memory.type=heap', 'jvm.memory.type=non_heap']],
    ]);
    expect(genericCharts([{ name: 'x', points: [[1, 2]] }])[0].lines).toEqual([{ label: 'x', points: [[1, 2]] }]);
  });
});

describe('real-time', () => {
  const agent = { agentId: 'a', time: 1, fast: 3, normal: 0, slow: 2, verySlow: 1 };
  it('stacks an agent\'s bands bottom-up, leaving empty ones out', () => {
    expect(activeTotal(agent)).toBe(6);
    expect(activeStack(agent).map((s) => [s.key, s.from, s.to])).toEqual([['fast', 0, 3], ['slow', 3, 5], ['verySlow', 5, 6]]);
  });
  it('the history gives the live charts their points', () => {
    const snap = (time: number, tps: number): ActiveSnapshot => ({ time, windowMs: 10_000, agents: [],
      live: { tps, avgMs: 5, maxMs: 9, errorRate: 0.1, totalCount: tps * 10, errorCount: 1 } });
    const l = liveLines([snap(1, 2), snap(2, 0), snap(3, 4)]);
    expect(l.tps[0].points).toEqual([[1, 2], [2, 0], [3, 4]]);
    expect(l.errors[0].points).toEqual([[1, 0.1], [3, 0.1]]);
    expect(l.latency[0].points).toEqual([[1, 5], [3, 5]]);
    // Plotted at the end of the live window, the server's lag before the snapshot.
    expect(liveLines([{ ...snap(20_000, 1), lagMs: 10_000 }]).tps[0].points).toEqual([[10_000, 1]]);
    // The axis is over the plotted times, so every point is on it.
    const lagging = [{ ...snap(100_000, 1), lagMs: 10_000 }, { ...snap(105_000, 2), lagMs: 10_000 }];
    expect(liveRange(lagging)).toEqual({ from: 90_000, to: 95_000 });
    expect(liveRange([])).toBeNull();
  });
});

describe('inspector charts with data', () => {
  it('drops empty lines, then charts without lines, naming them', () => {
    const r = withData([
      { id: 'heap', title: 'Heap', lines: [{ label: 'used', points: [[1, 2]] }, { label: 'max', points: [] }] },
      { id: 'fd', title: 'File descriptors', lines: [{ label: 'open', points: [] }] },
    ]);
    expect(r.shown.map((c) => [c.id, c.lines.map((l) => l.label)])).toEqual([['heap', ['used']]]);
    expect(r.empty).toEqual(['File descriptors']);
  });
});
