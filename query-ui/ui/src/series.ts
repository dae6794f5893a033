// Time-series maths shared by the inspector and dashboard charts (pure; tested in series.test.ts).

/** One line of a chart: [time, value] points oldest first; band, when present, the min–max around it. */
export interface Line {
  label: string;
  points: [number, number][];
  /** [time, min, max, minLabel, maxLabel]: drawn as a shaded band, named in the tooltip. */
  band?: [number, number, number, string?, string?][];
}

/** Smallest and largest value over the lines (bands included); [0, 1] when there is none. */
export function valueExtent(lines: Line[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const l of lines) {
    for (const [, v] of l.points) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    for (const [, mn, mx] of l.band ?? []) {
      if (Number.isFinite(mn)) lo = Math.min(lo, mn);
      if (Number.isFinite(mx)) hi = Math.max(hi, mx);
    }
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/** Every time any line has a point at, ascending, without duplicates. */
export function allTimes(lines: Line[]): number[] {
  const s = new Set<number>();
  for (const l of lines) for (const [t] of l.points) s.add(t);
  return [...s].sort((a, b) => a - b);
}

/** The time in sorted times nearest to t (null when there is none). */
export function nearestTime(times: number[], t: number): number | null {
  if (!times.length) return null;
  let lo = 0, hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < t) lo = mid + 1; else hi = mid;
  }
  return lo > 0 && t - times[lo - 1] <= times[lo] - t ? times[lo - 1] : times[lo];
}

/**
 * An SVG path through the points; a gap longer than maxGap (ms) lifts the pen so missing buckets are not
 * bridged. Non-finite values also break the line.
 */
export function linePath(points: [number, number][], x: (t: number) => number, y: (v: number) => number,
  maxGap = Infinity): string {
  let d = '';
  let prev: number | null = null;
  for (const [t, v] of points) {
    if (!Number.isFinite(v)) { prev = null; continue; }
    const pen = prev == null || t - prev > maxGap ? 'M' : 'L';
    d += `${pen}${round(x(t))},${round(y(v))}`;
    prev = t;
  }
  return d;
}

/** A closed SVG path for the min–max band: along the maxima, back along the minima. */
export function bandPath(band: [number, number, number, ...unknown[]][], x: (t: number) => number,
  y: (v: number) => number): string {
  const pts = band.filter(([, mn, mx]) => Number.isFinite(mn) && Number.isFinite(mx));
  if (!pts.length) return '';
  const top = pts.map(([t, , mx]) => `${round(x(t))},${round(y(mx))}`);
  const bottom = pts.slice().reverse().map(([t, mn]) => `${round(x(t))},${round(y(mn))}`);
  return `M${top.join('L')}L${bottom.join('L')}Z`;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** The [time, value] of a line at time t exactly, or undefined. */
export function valueAt(line: Line, t: number): number | undefined {
  return line.points.find(([pt]) => pt === t)?.[1];
}

/**
 * Appends a sample to a rolling history, keeping the samples newer than windowMs before the newest and
 * replacing one at the same time (a repeated poll).
 */
export function appendRolling<T extends { time: number }>(history: T[], sample: T, windowMs: number): T[] {
  const kept = history.filter((h) => h.time !== sample.time && h.time > sample.time - windowMs);
  kept.push(sample);
  kept.sort((a, b) => a.time - b.time);
  return kept;
}

/** Items grouped by name, groups in name order, items in input order. */
export function groupByName<T extends { name: string }>(items: T[]): [string, T[]][] {
  const m = new Map<string, T[]>();
  for (const i of items) (m.get(i.name) ?? m.set(i.name, []).get(i.name)!).push(i);
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** "k=v, k=v" for point attributes (sorted), or the fallback when there are none. */
export function attributesLabel(attributes: Record<string, unknown> | null | undefined, fallback = ''): string {
  const e = Object.entries(attributes ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return e.length ? e.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ') : fallback;
}
