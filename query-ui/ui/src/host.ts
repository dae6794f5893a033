// The host view's data (GET /api/v1/hosts/{host}/metrics) and its pure helpers (tested in host.test.ts).

import type { Line } from './series';

/** One chart, one line per series: unit is UCUM — '1' (a fraction), 'By', 'By/s'. */
export interface HostPanel { id: string; title: string; unit: string; series: Line[] }
export interface HostMetrics { host: string; bucketMs: number; panels: HostPanel[]; truncated: boolean }
export interface HostRow { host: string; lastSeen: number; agents: string[] }

/** The panels every host shows, even empty; the others (memory-utilization, disk-io) only when sent. */
export const MAIN_PANELS = ['cpu', 'memory', 'network', 'disk'];

/** The panels to draw: the main ones always, in the answer's order, the others when they have series. */
export function visiblePanels(metrics: HostMetrics | null | undefined): HostPanel[] {
  return (metrics?.panels ?? []).filter((p) => MAIN_PANELS.includes(p.id) || p.series.length > 0);
}
