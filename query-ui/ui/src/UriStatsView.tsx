import { getJson } from './api';
import { formatCount, formatMs } from './format';
import { useAsync } from './hooks';
import { BandsBar, StatsTable, exampleColumn, type Column } from './StatsTable';
import { Empty, ErrorBox, Loading } from './Status';
import { routeLines, sortAndLimit, type UriRow, type UriSeries, type UriStats } from './stats';
import { TimeSeriesChart } from './TimeSeriesChart';
import type { TimeRange } from './time';

interface Props {
  params: URLSearchParams;
  range: TimeRange;
  reload: number;
  onChange: (changes: Record<string, string | number | null>) => void;
  /** The map's scatter filtered to one route. */
  scatterHref: (route: string) => string;
  traceHref: (id: string) => string;
}

const COLUMNS: Column<UriRow>[] = [
  { label: 'Route', cell: (r) => r.route, className: 'mono clip-wide', testid: 'uri-route' },
  { label: 'Count', cell: (r) => formatCount(r.totalCount), className: 'num', testid: 'uri-count' },
  { label: 'Errors', cell: (r) => <span className={r.errorCount ? 'err' : ''}>{formatCount(r.errorCount)}</span>, className: 'num', testid: 'uri-errors' },
  { label: 'Avg', cell: (r) => formatMs(r.avgMs), className: 'num' },
  { label: 'Max', cell: (r) => formatMs(r.maxMs), className: 'num' },
  { label: 'Bands', cell: (r) => <BandsBar histogram={r.histogram} /> },
];

/** URI statistics: the routes of an application (top N by a sort); a selected route's calls and latency over time. */
export function UriStatsView({ params, range, reload, onChange, scatterHref, traceHref }: Props) {
  const application = params.get('application');
  const { sort, limit } = sortAndLimit(params);
  const selected = params.get('route');
  const { from, to } = range;
  const base = application ? `/api/v1/applications/${encodeURIComponent(application)}/uri-stats` : '';
  const stats = useAsync(application ? (s) => getJson<UriStats>(base, { from, to, sort, limit }, s) : null,
    [base, from, to, sort, limit, reload]);
  const series = useAsync(application && selected ? (s) => getJson<UriSeries>(`${base}/series`, { route: selected, from, to }, s) : null,
    [base, selected, from, to, reload]);
  if (!application) return <Empty>Pick an application to see its URI statistics.</Empty>;
  const lines = routeLines(series.data);
  return (
    <div className="page" data-testid="uri-stats-view" data-application={application}>
      <StatsTable title={`URI statistics of ${application}`} testid="uri-stats" rowTestid="uri-row" result={stats}
        columns={[...COLUMNS, ...exampleColumn(stats.data?.rows, traceHref)]} rowKey={(r) => r.route}
        rowData={(r) => ({ route: r.route, count: r.totalCount, errors: r.errorCount })}
        sort={sort} limit={limit} onSort={(s, n) => onChange({ sort: s, limit: n })}
        selected={selected} onSelect={(route) => onChange({ route })} empty={`No calls to ${application} in this range.`} />
      {selected && (
        <section className="panel" data-testid="uri-series" data-route={selected}>
          <div className="panel-title">
            <span className="mono">{selected}</span> over time
            {/* Dots keep the route before the cap, so the folded "other" row has no scatter of its own. */}
            {selected !== 'other' && (
              <a className="link-button" href={scatterHref(selected)} data-testid="uri-scatter-link">scatter of this route →</a>)}
          </div>
          {series.loading && !series.data && <Loading what="route series" />}
          {series.error && <ErrorBox message={`route series: ${series.error}`} />}
          {series.data && (
            <div className="chart-grid">
              <TimeSeriesChart title="Calls and errors" unit="{calls}" lines={lines.calls} from={from} to={to} testid="uri-calls-chart"
                colors={['#1570ef', '#e5484d']} />
              <TimeSeriesChart title="Response time" unit="ms" lines={lines.latency} from={from} to={to} testid="uri-latency-chart"
                maxGapMs={series.data.bucketMs} colors={['#12b76a', '#f79009']} />
            </div>
          )}
        </section>
      )}
    </div>
  );
}
