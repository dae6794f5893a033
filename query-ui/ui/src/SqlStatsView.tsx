import { getJson } from './api';
import { formatCount, formatMs } from './format';
import { useAsync } from './hooks';
import { BandsBar, StatsTable, exampleColumn, type Column } from './StatsTable';
import { Empty } from './Status';
import { sortAndLimit, type ExternalRow, type SqlRow, type StatsPage } from './stats';
import type { TimeRange } from './time';

interface Props {
  params: URLSearchParams;
  range: TimeRange;
  reload: number;
  onChange: (changes: Record<string, string | number | null>) => void;
  traceHref: (id: string) => string;
}

/** Count, errors, avg, p95 and max columns shared by the SQL and external-call tables. */
function timingColumns<T extends { totalCount: number; errorCount: number; avgMs: number; maxMs: number; p95Ms?: number }>(
  prefix: string): Column<T>[] {
  return [
    { label: 'Count', cell: (r) => formatCount(r.totalCount), className: 'num', testid: `${prefix}-count` },
    { label: 'Errors', cell: (r) => <span className={r.errorCount ? 'err' : ''}>{formatCount(r.errorCount)}</span>, className: 'num', testid: `${prefix}-errors` },
    { label: 'Avg', cell: (r) => formatMs(r.avgMs), className: 'num' },
    { label: 'p95 ≤', cell: (r) => formatMs(r.p95Ms), className: 'num' },
    { label: 'Max', cell: (r) => formatMs(r.maxMs), className: 'num' },
  ];
}

/** One statistics summary of an application fetched with the URL's sort and limit. */
function useSummary<T>(path: string | null, params: URLSearchParams, range: TimeRange, reload: number) {
  const { sort, limit } = sortAndLimit(params);
  const { from, to } = range;
  const result = useAsync(path ? (s) => getJson<StatsPage<T>>(path, { from, to, sort, limit }, s) : null,
    [path, from, to, sort, limit, reload]);
  return { result, sort, limit };
}

/** SQL statistics: the application's statements by database, top N by a sort. */
export function SqlStatsView({ params, range, reload, onChange, traceHref }: Props) {
  const application = params.get('application');
  const { result, sort, limit } = useSummary<SqlRow>(application
    ? `/api/v1/applications/${encodeURIComponent(application)}/sql-stats` : null, params, range, reload);
  if (!application) return <Empty>Pick an application to see its SQL statistics.</Empty>;
  const columns: Column<SqlRow>[] = [
    { label: 'Statement', cell: (r) => <span title={r.statement}>{r.statement}</span>, className: 'mono clip-wide', testid: 'sql-statement' },
    { label: 'Database', cell: (r) => `${r.dbSystem ?? ''}${r.database ? ` · ${r.database}` : ''}` },
    ...timingColumns<SqlRow>('sql'),
    ...exampleColumn<SqlRow>(result.data?.rows, traceHref),
  ];
  return (
    <div className="page" data-testid="sql-stats-view" data-application={application}>
      <StatsTable title={`SQL statistics of ${application}`} testid="sql-stats" rowTestid="sql-row" result={result}
        columns={columns} rowKey={(r) => `${r.dbSystem}|${r.database}|${r.statement}`}
        rowData={(r) => ({ statement: r.statement, count: r.totalCount, errors: r.errorCount })}
        sort={sort} limit={limit} onSort={(s, n) => onChange({ sort: s, limit: n })}
        empty={`No database calls from ${application} in this range.`} />
    </div>
  );
}

/** External calls: the application's outgoing calls by remote host, top N by a sort. */
export function ExternalStatsView({ params, range, reload, onChange, traceHref }: Props) {
  const application = params.get('application');
  const { result, sort, limit } = useSummary<ExternalRow>(application
    ? `/api/v1/applications/${encodeURIComponent(application)}/external-stats` : null, params, range, reload);
  if (!application) return <Empty>Pick an application to see its external calls.</Empty>;
  const columns: Column<ExternalRow>[] = [
    { label: 'Host', cell: (r) => r.host, className: 'mono clip-wide', testid: 'external-host' },
    { label: 'Type', cell: (r) => r.serviceType ?? '' },
    ...timingColumns<ExternalRow>('external'),
    { label: 'Bands', cell: (r) => <BandsBar histogram={r.histogram} /> },
    ...exampleColumn<ExternalRow>(result.data?.rows, traceHref),
  ];
  return (
    <div className="page" data-testid="external-stats-view" data-application={application}>
      <StatsTable title={`External calls of ${application}`} testid="external-stats" rowTestid="external-row" result={result}
        columns={columns} rowKey={(r) => `${r.serviceType}|${r.host}`}
        rowData={(r) => ({ host: r.host, count: r.totalCount, errors: r.errorCount })}
        sort={sort} limit={limit} onSort={(s, n) => onChange({ sort: s, limit: n })}
        empty={`No external calls from ${application} in this range.`} />
    </div>
  );
}
