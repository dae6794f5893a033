import type { Histogram } from './types';

export interface Band { band: string; count: number; kind: 'ok' | 'slow' | 'error' }

const NORMAL = ['1s', '3s', '5s', 'slow', 'error'];
const FAST = ['100ms', '300ms', '500ms', 'slow', 'error'];

/** Histogram bands in display order (fast → slow → error); unknown bands are appended in key order. */
export function histogramBands(h: Histogram | undefined | null): Band[] {
  const hist = h ?? {};
  const order = Object.keys(hist).some((k) => FAST.slice(0, 3).includes(k)) ? FAST : NORMAL;
  const keys = [...order, ...Object.keys(hist).filter((k) => !order.includes(k))];
  return keys.map((band) => ({
    band,
    count: Number(hist[band] ?? 0),
    kind: band === 'error' ? 'error' : band === 'slow' ? 'slow' : 'ok',
  }));
}

export function formatCount(n: number | undefined | null): string {
  return (n ?? 0).toLocaleString('en-US');
}

/** Compact counts for map labels: 950, 1.2K, 3.4M. */
export function formatShortCount(n: number): string {
  if (n < 10_000) return n.toLocaleString('en-US');
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 100_000 ? 1 : 0)}K`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export function formatMs(ms: number | undefined | null): string {
  if (ms == null || !Number.isFinite(ms)) return '-';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms).toLocaleString('en-US')} ms`;
}

/** A rounded axis maximum: 1, 2, 5 × 10^n at or above value. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(value)));
  for (const m of [1, 2, 5, 10]) if (m * p >= value) return m * p;
  return 10 * p;
}
