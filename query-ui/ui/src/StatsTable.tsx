import type { ReactNode } from 'react';
import { formatCount } from './format';
import { Empty, ErrorBox, Loading } from './Status';
import { LIMITS, SORTS, bandShares } from './stats';
import type { Async } from './hooks';
import type { Histogram } from './types';

export interface Column<T> { label: string; cell: (row: T) => ReactNode; className?: string; testid?: string }

interface Props<T> {
  title: ReactNode;
  testid: string;
  rowTestid: string;
  result: Async<{ rows: T[]; folded?: number }>;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  /** data-* attributes of a row (for tests and styling). */
  rowData?: (row: T) => Record<string, string | number>;
  sort: string;
  limit: number;
  onSort: (sort: string, limit: number) => void;
  selected?: string | null;
  onSelect?: (key: string | null) => void;
  empty: string;
}

/** A top-N statistics table with its sort and limit pickers; a row may be selected (click again to clear). */
export function StatsTable<T>({ title, testid, rowTestid, result, columns, rowKey, rowData, sort, limit, onSort, selected,
  onSelect, empty }: Props<T>) {
  const rows = result.data?.rows ?? [];
  return (
    <section className="panel" data-testid={testid}>
      <div className="panel-title">
        {title}
        <span className="muted" data-testid="stats-count" data-count={rows.length}>{formatCount(rows.length)} {rows.length === 1 ? 'row' : 'rows'}</span>
        <span className="sorts" role="group" aria-label="sort">
          {SORTS.map((s) => (
            <button key={s.id} type="button" data-testid="stats-sort" data-sort={s.id} className={sort === s.id ? 'active' : ''}
              onClick={() => onSort(s.id, limit)}>{s.label}</button>
          ))}
        </span>
        <label className="muted">top <select data-testid="stats-limit" value={limit} onChange={(e) => onSort(sort, Number(e.target.value))}>
          {LIMITS.map((n) => <option key={n} value={n}>{n}</option>)}</select></label>
        {result.data?.folded ? <span className="muted" data-testid="stats-folded">{formatCount(result.data.folded)} folded into “other”</span> : null}
      </div>
      {result.loading && !result.data && <Loading what="statistics" />}
      {result.error && <ErrorBox message={result.error} />}
      {result.data && rows.length === 0 && <Empty>{empty}</Empty>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="grid stats-table">
            <thead><tr>{columns.map((c) => <th key={c.label} className={c.className?.includes('num') ? 'num' : undefined}>{c.label}</th>)}</tr></thead>
            <tbody>
              {rows.map((r) => {
                const key = rowKey(r);
                const data = Object.fromEntries(Object.entries(rowData?.(r) ?? {}).map(([k, v]) => [`data-${k}`, v]));
                return (
                  <tr key={key} data-testid={rowTestid} {...data} className={key === selected ? 'selected' : ''}
                    onClick={onSelect ? () => onSelect(key === selected ? null : key) : undefined}
                    style={onSelect ? undefined : { cursor: 'default' }}>
                    {columns.map((c) => <td key={c.label} className={c.className} data-testid={c.testid}>{c.cell(r)}</td>)}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const BAND_COLORS: Record<string, string> = { ok: '#34b27b', slow: '#f0a030', error: '#e5484d' };
const OK_SHADES = ['#34b27b', '#5ec0e6', '#3b82f6'];

/** A histogram as one thin stacked bar (fast → slow → error), each band's count in its tooltip. */
export function BandsBar({ histogram }: { histogram?: Histogram | null }) {
  const shares = bandShares(histogram);
  return (
    <span className="bands-bar" data-testid="bands-bar" title={shares.map((b) => `${b.band}: ${formatCount(b.count)}`).join('\n')}>
      {shares.map((b, i) => (
        <span key={b.band} style={{ width: `${b.share * 100}%`, background: b.kind === 'ok' ? OK_SHADES[i % 3] : BAND_COLORS[b.kind] }} />
      ))}
    </span>
  );
}

/** A row's example traces as short links to their transactions. */
export function Examples({ ids, hrefOf }: { ids?: string[]; hrefOf: (id: string) => string }) {
  if (!ids?.length) return <span className="muted">-</span>;
  return <>{ids.slice(0, 3).map((id) => (
    <a key={id} className="mono example" href={hrefOf(id)} data-testid="stats-example" onClick={(e) => e.stopPropagation()}>{id.slice(0, 8)}</a>
  ))}</>;
}

/** The examples column, when some row carries example traces. */
export function exampleColumn<T extends { examples?: string[] }>(rows: T[] | undefined, traceHref: (id: string) => string): Column<T>[] {
  return rows?.some((r) => r.examples?.length)
    ? [{ label: 'Examples', cell: (r) => <Examples ids={r.examples} hrefOf={traceHref} /> }] : [];
}
