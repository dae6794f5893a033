// The statistics pages' pure logic: sort options, row shapes, band segments and route series as lines.
import { histogramBands, type Band } from './format';
import type { Line } from './series';
import type { Histogram } from './types';

/** The summaries' sort orders (API.md: busiest = most calls, slowest = highest average, errors = most failed). */
export const SORTS = [
  { id: 'busiest', label: 'Busiest' },
  { id: 'slowest', label: 'Slowest' },
  { id: 'errors', label: 'Most errors' },
] as const;
export const LIMITS = [20, 50, 100, 500];

/** The URL's sort if known, else busiest; the URL's limit if offered, else 50. */
export function sortAndLimit(params: URLSearchParams): { sort: string; limit: number } {
  const sort = SORTS.some((s) => s.id === params.get('sort')) ? params.get('sort')! : 'busiest';
  const n = Number(params.get('limit'));
  return { sort, limit: LIMITS.includes(n) ? n : 50 };
}

export interface UriRow {
  route: string; totalCount: number; errorCount: number; avgMs: number; maxMs: number; histogram?: Histogram; examples?: string[];
}
export interface UriStats { rows: UriRow[]; folded?: number }
export interface UriBucket { totalCount: number; errorCount: number; avgMs: number; maxMs: number; histogram?: Histogram }
export interface UriSeries { route: string; bucketMs: number; points: [number, UriBucket][] }
export interface SqlRow {
  statement: string; dbSystem?: string; database?: string; totalCount: number; errorCount: number; avgMs: number;
  maxMs: number; p95Ms?: number; examples?: string[];
}
export interface ExternalRow {
  host: string; serviceType?: string; totalCount: number; errorCount: number; avgMs: number; maxMs: number;
  p95Ms?: number; histogram?: Histogram; examples?: string[];
}
export interface StatsPage<T> { rows: T[]; folded?: number }

/** A histogram's non-empty bands with their share of the total (for a stacked bar), in display order. */
export function bandShares(h: Histogram | undefined | null): (Band & { share: number })[] {
  const bands = histogramBands(h);
  const total = bands.reduce((n, b) => n + b.count, 0);
  return bands.filter((b) => b.count > 0).map((b) => ({ ...b, share: total ? b.count / total : 0 }));
}

/**
 * A route's series as the two charts' lines: calls and errors per bucket; average and maximum response time
 * (buckets without calls have no response time, so they are left out rather than drawn as 0 ms).
 */
export function routeLines(series: UriSeries | null | undefined): { calls: Line[]; latency: Line[] } {
  const pts = series?.points ?? [];
  const busy = pts.filter(([, b]) => b.totalCount > 0);
  return {
    calls: [
      { label: 'calls', points: pts.map(([t, b]) => [t, b.totalCount]) },
      { label: 'errors', points: pts.map(([t, b]) => [t, b.errorCount]) },
    ],
    latency: [
      { label: 'avg', points: busy.map(([t, b]) => [t, b.avgMs]) },
      { label: 'max', points: busy.map(([t, b]) => [t, b.maxMs]) },
    ],
  };
}
