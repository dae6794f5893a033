import { describe, expect, it } from 'vitest';
import { allTimes, appendRolling, attributesLabel, bandPath, groupByName, linePath, nearestTime, valueExtent } from './series';

const id = (n: number) => n;

describe('series maths', () => {
  it('extent covers points and bands, [0, 1] when empty', () => {
    expect(valueExtent([{ label: 'a', points: [[1, 5], [2, 7]], band: [[1, 2, 9]] }])).toEqual([2, 9]);
    expect(valueExtent([{ label: 'a', points: [] }])).toEqual([0, 1]);
    expect(valueExtent([{ label: 'a', points: [[1, NaN], [2, 3]] }])).toEqual([3, 3]);
  });
  it('times are the sorted union; nearest picks the closer one, the earlier on a tie', () => {
    const t = allTimes([{ label: 'a', points: [[30, 1], [10, 1]] }, { label: 'b', points: [[20, 1], [10, 2]] }]);
    expect(t).toEqual([10, 20, 30]);
    expect(nearestTime(t, 24)).toBe(20);
    expect(nearestTime(t, 26)).toBe(30);
    expect(nearestTime(t, 25)).toBe(20);
    expect(nearestTime(t, -5)).toBe(10);
    expect(nearestTime(t, 99)).toBe(30);
    expect(nearestTime([], 1)).toBeNull();
  });
  it('a line lifts the pen over long gaps and non-finite values', () => {
    expect(linePath([[0, 1], [10, 2], [20, 3]], id, id)).toBe('M0,1L10,2L20,3');
    expect(linePath([[0, 1], [10, 2], [40, 3]], id, id, 15)).toBe('M0,1L10,2M40,3');
    expect(linePath([[0, 1], [10, NaN], [20, 3]], id, id)).toBe('M0,1M20,3');
  });
  it('a band goes along the maxima and back along the minima', () => {
    expect(bandPath([[0, 1, 5], [10, 2, 6]], id, id)).toBe('M0,5L10,6L10,2L0,1Z');
    expect(bandPath([], id, id)).toBe('');
  });
  it('the rolling history keeps the window and replaces a repeated time', () => {
    let h: { time: number; v: number }[] = [];
    for (const t of [0, 100, 200, 300]) h = appendRolling(h, { time: t, v: t }, 250);
    expect(h.map((s) => s.time)).toEqual([100, 200, 300]);
    h = appendRolling(h, { time: 300, v: 9 }, 250);
    expect(h.map((s) => s.v)).toEqual([100, 200, 9]);
  });
  it('groups by name in name order and labels attributes', () => {
    const g = groupByName([{ name: 'b', i: 1 }, { name: 'a', i: 2 }, { name: 'b', i: 3 }]);
    expect(g.map(([n, xs]) => [n, xs.map((x) => x.i)])).toEqual([['a', [2]], ['b', [1, 3]]]);
    expect(attributesLabel({ 'jvm.memory.type': 'heap', a: 1 })).toBe('a=1, jvm.memory.type=heap');
    expect(attributesLabel({}, 'avg')).toBe('avg');
  });
});
