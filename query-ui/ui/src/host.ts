// The host view's data (GET /api/v1/hosts/{host}/metrics) and its pure helpers (tested in host.test.ts).

export interface HostSeries { label: string; points: [number, number][] }
/** One chart: unit is UCUM — '1' (a fraction), 'By', 'By/s'. */
export interface HostPanel { id: string; title: string; unit: string; series: HostSeries[] }
export interface HostMetrics { host: string; bucketMs: number; panels: HostPanel[]; truncated: boolean }
export interface HostRow { host: string; lastSeen: number; agents: string[] }

/** The panels every host shows, even empty; the others (memory-utilization, disk-io) only when sent. */
export const MAIN_PANELS = ['cpu', 'memory', 'network', 'disk'];

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** A value in its panel's unit: fractions as percent, bytes (and bytes/s) in binary multiples. */
export function formatPanelValue(v: number, unit: string): string {
  if (!Number.isFinite(v)) return '-';
  if (unit === '1') return `${(v * 100).toFixed(Math.abs(v) < 0.1 ? 2 : 1)}%`;
  if (unit === 'By' || unit === 'By/s') {
    let n = Math.abs(v), i = 0;
    while (n >= 1024 && i < BYTE_UNITS.length - 1) { n /= 1024; i++; }
    const text = `${v < 0 ? '-' : ''}${i === 0 ? Math.round(n) : n.toFixed(n < 10 ? 2 : 1)} ${BYTE_UNITS[i]}`;
    return unit === 'By/s' ? `${text}/s` : text;
  }
  return `${Number(v.toPrecision(4))} ${unit}`;
}

/**
 * The top of a panel's y axis: 100% for fractions that stay within it, else the largest value rounded up to
 * 1, 2, 5 or 10 times a power of ten — of 1024-multiples for bytes, so the label reads "5 GiB", not "4.66 GiB".
 */
export function panelMax(panel: HostPanel): number {
  let max = 0;
  for (const s of panel.series) for (const [, v] of s.points) if (Number.isFinite(v)) max = Math.max(max, v);
  if (panel.unit === '1' && max <= 1) return 1;
  if (max <= 0) return 1;
  let scale = 1;
  if (panel.unit === 'By' || panel.unit === 'By/s') while (max / scale >= 1024) scale *= 1024;
  const m = max / scale;
  const step = 10 ** Math.floor(Math.log10(m));
  const nice = [1, 2, 5, 10].find((k) => k * step >= m) ?? 10;
  return nice * step * scale;
}

/** The panels to draw: the main ones always, in the answer's order, the others when they have series. */
export function visiblePanels(metrics: HostMetrics | null | undefined): HostPanel[] {
  return (metrics?.panels ?? []).filter((p) => MAIN_PANELS.includes(p.id) || p.series.length > 0);
}
