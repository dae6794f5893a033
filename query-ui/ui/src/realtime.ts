// The real-time view's pure logic: active-request bands per agent and the rolling live series.
import type { Line } from './series';

export interface ActiveAgent { agentId: string; time: number; fast: number; normal: number; slow: number; verySlow: number }
export interface Live { tps: number; avgMs: number; maxMs: number; errorRate: number; totalCount: number; errorCount: number }
export interface ActiveSnapshot { time: number; windowMs: number; lagMs?: number; agents: ActiveAgent[]; live: Live }

export const POLL_MS = 5_000;
export const HISTORY_MS = 5 * 60_000;

/** Pinpoint's active-thread bands, fastest first, with their colours. */
export const ACTIVE_BANDS = [
  { key: 'fast', label: 'fast (< 1 s)', color: '#34b27b' },
  { key: 'normal', label: 'normal (< 3 s)', color: '#5ec0e6' },
  { key: 'slow', label: 'slow (< 5 s)', color: '#f0a030' },
  { key: 'verySlow', label: 'very slow', color: '#e5484d' },
] as const;

/** An agent's active requests in total. */
export function activeTotal(a: ActiveAgent): number {
  return ACTIVE_BANDS.reduce((n, b) => n + (Number(a[b.key]) || 0), 0);
}

/** Stacked segments [band, from, to] (bottom up, in requests) of an agent's bar; empty bands left out. */
export function activeStack(a: ActiveAgent): { key: string; color: string; from: number; to: number; count: number }[] {
  let y = 0;
  const out = [];
  for (const b of ACTIVE_BANDS) {
    const count = Number(a[b.key]) || 0;
    if (count > 0) { out.push({ key: b.key, color: b.color, from: y, to: y + count, count }); y += count; }
  }
  return out;
}

/**
 * The rolling history as the three live charts' lines (time = the end of each snapshot's live window: the
 * snapshot's time less the server's lag); a window without calls has no response time or error rate, so it is
 * left out of those lines rather than drawn as 0.
 */
export function liveLines(history: ActiveSnapshot[]): { tps: Line[]; latency: Line[]; errors: Line[] } {
  const busy = history.filter((h) => h.live.totalCount > 0);
  const at = plotTime;
  return {
    tps: [{ label: 'TPS', points: history.map((h) => [at(h), h.live.tps]) }],
    latency: [
      { label: 'avg', points: busy.map((h) => [at(h), h.live.avgMs]) },
      { label: 'max', points: busy.map((h) => [at(h), h.live.maxMs]) },
    ],
    errors: [{ label: 'error rate', points: busy.map((h) => [at(h), h.live.errorRate]) }],
  };
}

/** Where a snapshot is plotted: the end of its live window, the server's lag before its time. */
export function plotTime(h: ActiveSnapshot): number {
  return h.time - (h.lagMs ?? 0);
}

/**
 * The live charts' time axis, over the plotted times: it ends at the newest point and grows with the history
 * until it spans {@link HISTORY_MS}, at least one poll wide, so the first polls are not squeezed at the edge.
 */
export function liveRange(history: ActiveSnapshot[]): { from: number; to: number } | null {
  if (!history.length) return null;
  const to = plotTime(history[history.length - 1]);
  return { from: Math.min(to - POLL_MS, Math.max(to - HISTORY_MS, plotTime(history[0]))), to };
}
