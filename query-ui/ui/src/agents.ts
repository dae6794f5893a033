// The agent list's pure logic: status badges, ordering and the resource table's rows.
import type { Agent } from './types';

export interface StatusBadge { text: string; kind: 'ok' | 'warn' | 'off'; title: string }

const BADGES: Record<string, StatusBadge> = {
  RUNNING: { text: 'Running', kind: 'ok', title: 'seen recently' },
  RESTARTED: { text: 'Restarted', kind: 'warn', title: 'a new process started under this agent id in the range' },
  NO_DATA: { text: 'No data', kind: 'off', title: 'not seen recently' },
};

/** The badge of an API status; an unknown or missing one is shown as it is, greyed. */
export function statusBadge(status: string | null | undefined): StatusBadge {
  if (status && BADGES[status]) return BADGES[status];
  return { text: status || 'unknown', kind: 'off', title: 'status not reported' };
}

const ORDER: Record<string, number> = { RESTARTED: 0, RUNNING: 1, NO_DATA: 2 };

/** Restarted first, then running, then no data; by agent id within each. */
export function sortAgents(agents: Agent[]): Agent[] {
  return [...agents].sort((a, b) => (ORDER[a.status ?? ''] ?? 3) - (ORDER[b.status ?? ''] ?? 3)
    || a.agentId.localeCompare(b.agentId));
}

/** Resource attributes as [key, text] rows sorted by key; arrays and objects as JSON. */
export function resourceRows(resource: Record<string, unknown> | null | undefined): [string, string][] {
  return Object.entries(resource ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
}
