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

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Bytes in binary units: 512 B, 1.5 KiB, 200 MiB (three significant digits at most). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '-';
  let v = Math.abs(n), i = 0;
  while (v >= 1024 && i < BYTE_UNITS.length - 1) { v /= 1024; i++; }
  const text = i === 0 ? String(Math.round(v)) : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  return `${n < 0 ? '-' : ''}${text} ${BYTE_UNITS[i]}`;
}

/** A number with at most 3 decimals and thousands separators (12,345 · 0.125 · 3.5). */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '-';
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 1 ? 2 : 3;
  return Number(n.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** Whether a metric unit is a 0..1 ratio shown as a percentage (UCUM "1", or a stated ratio/percent). */
export function isRatioUnit(unit: string | null | undefined): boolean {
  return unit === '1' || unit === 'ratio' || unit === '%';
}

/**
 * A metric value in its unit: bytes (and bytes per second) humanised ("By", "By/s"), 0..1 ratios as %, seconds and milliseconds as
 * durations, annotations ({thread}, {count}) dropped, other units appended.
 */
export function formatValue(v: number | null | undefined, unit: string | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return '-';
  switch (unit ?? '') {
    case 'By': return formatBytes(v);
    case 'By/s': return `${formatBytes(v)}/s`;
    case '1': case 'ratio': return `${formatNumber(v * 100)} %`;
    case '%': return `${formatNumber(v)} %`;
    case 'ms': return v >= 10_000 ? `${formatNumber(v / 1000)} s` : `${formatNumber(v)} ms`;
    case 's': return v < 1 ? `${formatNumber(v * 1000)} ms` : `${formatNumber(v)} s`;
    case 'ns': return v >= 1e6 ? `${formatNumber(v / 1e6)} ms` : `${formatNumber(v)} ns`;
    case '': return formatNumber(v);
    default: return unit!.startsWith('{') ? formatNumber(v) : `${formatNumber(v)} ${unit}`;
  }
}

/**
 * An axis label: formatValue's text without trailing zeros after the point ("10 GiB", "2.5 KiB/s", not
 * "10.0 GiB", "2.50 KiB/s"), since axis values are round and labels side by side read alike.
 */
export function formatTick(v: number, unit: string | null | undefined): string {
  return formatValue(v, unit).replace(/^(-?[\d,]+)\.(\d*?)0+(?!\d)/, (_, int: string, frac: string) => frac ? `${int}.${frac}` : int);
}

/**
 * The axis maximum for a unit: ratios at least 100 %, bytes (and bytes/s) rounded 1-2-5 within their 1024
 * multiple (so the label reads "5 GiB", not "4.66 GiB"), others niceMax.
 */
export function axisMax(max: number, unit: string | null | undefined): number {
  if (unit === '1' || unit === 'ratio') return max <= 1 ? 1 : niceMax(max);
  if ((unit === 'By' || unit === 'By/s') && max > 0) {
    const p = Math.pow(1024, Math.floor(Math.log(max) / Math.log(1024)));
    return niceMax(max / p) * p;
  }
  return niceMax(max);
}

/**
 * A unit as a reader says it: bytes (By, By/s → bytes, bytes/s), %, and UCUM annotations without braces
 * ({request}/s → request/s).
 */
export function unitLabel(unit: string): string {
  if (unit === 'By' || unit.startsWith('By/')) return `bytes${unit.slice(2)}`;
  if (unit === '1' || unit === 'ratio') return '%';
  return unit.replace(/\{([^}]*)\}/g, '$1');
}
