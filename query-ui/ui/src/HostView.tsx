import { getJson } from './api';
import { visiblePanels, type HostMetrics } from './host';
import { useAsync } from './hooks';
import { Empty, ErrorBox, Loading } from './Status';
import { TimeSeriesChart } from './TimeSeriesChart';
import type { TimeRange } from './time';

interface Props {
  host: string | null;
  range: TimeRange;
  reload: number;
}

/**
 * A host's CPU, memory, network and disk over the range, from an OTel Collector's hostmetrics receiver
 * (GET /api/v1/hosts/{host}/metrics): one chart per panel, one line per series.
 */
export function HostView({ host, range, reload }: Props) {
  const { from, to } = range;
  const r = useAsync(host ? (s) => getJson<HostMetrics>(`/api/v1/hosts/${encodeURIComponent(host)}/metrics`,
    { from, to }, s) : null, [host, from, to, reload]);
  if (!host) return <Empty>Pick a host from an agent list to see its host metrics.</Empty>;
  const panels = visiblePanels(r.data);
  return (
    <section className="panel host-view" data-testid="host-view" data-host={host}>
      <div className="panel-title">
        Host {host}
        {r.data && <span className="muted">{Math.round(r.data.bucketMs / 60_000)} min buckets</span>}
        {r.data?.truncated && <span className="muted" data-testid="host-truncated">(too many points: later buckets missing)</span>}
      </div>
      {r.loading && !r.data && <Loading what="host metrics" />}
      {r.error && (r.error.startsWith('404')
        ? <Empty>No host metrics from {host}: send them with an OpenTelemetry Collector's hostmetrics receiver
            (and the resourcedetection processor, which sets host.name).</Empty>
        : <ErrorBox message={`host metrics: ${r.error}`} />)}
      {/* An empty main panel still shows (its chart says "no data"), so a missing scraper is visible. */}
      <div className="chart-grid">
        {panels.map((p) => (
          <div key={p.id} data-testid="host-panel" data-panel={p.id} data-series={p.series.length}>
            <TimeSeriesChart title={p.title} unit={p.unit} lines={p.series} from={from} to={to} testid={`host-chart-${p.id}`} />
          </div>
        ))}
      </div>
    </section>
  );
}
