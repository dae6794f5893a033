// The inspectors' JSON shapes (API.md) and their conversion to chart lines (pure; tested).
import { attributesLabel, groupByName, type Line } from './series';

export type Runtime = 'JVM' | 'PYTHON' | 'NODE' | 'GO' | 'OTHER';

export interface AgentPanel { id: string; title: string; unit?: string; series: { label: string; points: [number, number][] }[] }
export interface GenericMetric { name: string; unit?: string; kind?: string; attributes?: Record<string, unknown>; points: [number, number][] }
export interface AgentInspector {
  agentId: string; application: string; runtime?: Runtime | string; bucketMs: number; truncated?: boolean;
  panels: AgentPanel[]; generic?: GenericMetric[];
}

/** [time, avg, min, max, minAgentId, maxAgentId] */
export type AggregatePoint = [number, number, number, number, string?, string?];
export interface AppSeries { name: string; unit?: string; kind?: string; attributes?: Record<string, unknown>; points: AggregatePoint[] }
export interface AppPanel { id: string; title: string; unit?: string; series: { label: string; points: AggregatePoint[] }[] }
export interface AppInspector { agents: string[]; bucketMs: number; series: AppSeries[]; panels?: AppPanel[]; truncated?: boolean }

/** A chart: title, unit and lines. */
export interface Chart { id: string; title: string; unit?: string; lines: Line[] }

export function agentPanelChart(p: AgentPanel): Chart {
  return { id: p.id, title: p.title, unit: p.unit, lines: p.series.map((s) => ({ label: s.label || p.title, points: s.points })) };
}

/** Generic metrics grouped by name: one chart per name, one line per attribute set. */
export function genericCharts(generic: GenericMetric[] | undefined): Chart[] {
  return groupByName(generic ?? []).map(([name, ms]) => ({
    id: name, title: name, unit: ms[0].unit,
    lines: ms.map((m) => ({ label: attributesLabel(m.attributes, name), points: m.points })),
  }));
}

/** Aggregated points as a line (the average) with a band (min–max, naming the agents holding them). */
export function aggregateLine(label: string, points: AggregatePoint[]): Line {
  return {
    label,
    points: points.map((p) => [p[0], p[1]]),
    band: points.map((p) => [p[0], p[2], p[3], p[4], p[5]]),
  };
}

export function appPanelChart(p: AppPanel): Chart {
  return { id: p.id, title: p.title, unit: p.unit, lines: p.series.map((s) => aggregateLine(s.label || p.title, s.points)) };
}

/** The application inspector's raw series grouped by metric name: one chart per name, a line per attribute set. */
export function appSeriesCharts(series: AppSeries[] | undefined): Chart[] {
  return groupByName(series ?? []).map(([name, ss]) => ({
    id: name, title: name, unit: ss[0].unit,
    lines: ss.map((s) => aggregateLine(attributesLabel(s.attributes, 'avg'), s.points)),
  }));
}

/** The charts with data: lines without points dropped, then charts without lines; and the titles left out. */
export function withData(charts: Chart[]): { shown: Chart[]; empty: string[] } {
  const shown: Chart[] = [];
  const empty: string[] = [];
  for (const c of charts) {
    const lines = c.lines.filter((l) => l.points.length > 0);
    if (lines.length) shown.push({ ...c, lines }); else empty.push(c.title);
  }
  return { shown, empty };
}
