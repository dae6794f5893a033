import { withData, type Chart } from './inspector';
import { ACTIVE_BANDS } from './realtime';
import { TimeSeriesChart } from './TimeSeriesChart';

/** Panels whose lines are bands get the bands' colours (as the histogram and the active-request bars). */
const PANEL_COLORS: Record<string, string[]> = {
  responseBands: ['#34b27b', '#5ec0e6', '#3b82f6', '#f0a030', '#e5484d'],
  activeRequests: ACTIVE_BANDS.map((b) => b.color),
};

/** Charts with data in a wrapping grid, each with its title and unit; those without data named below. */
export function ChartGrid({ charts, from, to, maxGapMs, testid = 'chart-grid' }: { charts: Chart[]; from: number; to: number;
  maxGapMs?: number; testid?: string }) {
  const { shown, empty } = withData(charts);
  return (
    <>
    <div className="chart-grid" data-testid={testid}>
      {shown.map((c) => (
        <div key={c.id} data-testid="panel-chart" data-panel={c.id}>
          <TimeSeriesChart title={c.title} unit={c.unit} lines={c.lines} from={from} to={to} maxGapMs={maxGapMs}
            colors={PANEL_COLORS[c.id]} />
        </div>
      ))}
    </div>
    {empty.length > 0 && <div className="muted no-data-panels" data-testid="no-data-panels">No data: {empty.join(', ')}</div>}
    </>
  );
}

/** Collapsible groups of charts (generic metrics), closed by default so the panels come first. */
export function CollapsibleCharts({ title, charts, from, to, maxGapMs }: { title: string; charts: Chart[]; from: number; to: number; maxGapMs?: number }) {
  if (!charts.length) return null;
  return (
    <details className="panel generic" data-testid="generic-metrics" data-count={charts.length}>
      <summary className="panel-title">{title} <span className="muted">({charts.length})</span></summary>
      {charts.map((c) => (
        <details key={c.id} className="generic-group" data-testid="generic-group" data-name={c.id}>
          <summary className="mono">{c.title} <span className="muted">{c.lines.length > 1 ? `${c.lines.length} series` : ''}</span></summary>
          <ChartGrid charts={[c]} from={from} to={to} maxGapMs={maxGapMs} testid="generic-chart" />
        </details>
      ))}
    </details>
  );
}
