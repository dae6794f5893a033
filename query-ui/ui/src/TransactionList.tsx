import { getJson } from './api';
import { formatCount, formatMs } from './format';
import { useAsync } from './hooks';
import type { Box } from './Scatter';
import { Empty, ErrorBox, Loading } from './Status';
import { formatDateTime } from './time';
import type { TransactionList as TxList } from './types';

interface Props { application: string; agentId?: string | null; /** only this URI route (uri-stats' name) */ route?: string | null; box: Box; reload: number; onOpen: (traceId: string) => void; hrefOf: (traceId: string) => string; onClear: () => void }

export function TransactionList({ application, agentId, route, box, reload, onOpen, hrefOf, onClear }: Props) {
  const r = useAsync((s) => getJson<TxList>('/api/v1/transactions', {
    application, agentId, route, from: box.from, to: box.to, minElapsed: box.minElapsed, maxElapsed: box.maxElapsed, limit: 500,
  }, s), [application, agentId, route, box.from, box.to, box.minElapsed, box.maxElapsed, reload]);
  const rows = r.data?.transactions ?? [];
  return (
    <section className="panel tx-list" data-testid="tx-list">
      <div className="panel-title">
        Transactions {formatDateTime(box.from)} → {formatDateTime(box.to)}, {formatMs(box.minElapsed)}–{formatMs(box.maxElapsed)}
        <span data-testid="tx-list-count" data-count={rows.length}> · {formatCount(rows.length)}{r.data && !r.data.complete ? '+' : ''}</span>
        <button type="button" className="link-button" data-testid="tx-list-close" onClick={onClear}>clear selection</button>
      </div>
      {r.loading && <Loading what="transactions" />}
      {r.error && <ErrorBox message={`transactions: ${r.error}`} />}
      {!r.loading && !r.error && rows.length === 0 && <Empty>No transactions in the selected box.</Empty>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="grid" data-testid="tx-table">
            <thead><tr><th>#</th><th>Start time</th><th>Path</th><th>Endpoint</th><th>Res (ms)</th><th>Error</th><th>Client IP</th><th>Agent</th><th>Trace id</th></tr></thead>
            <tbody>
              {rows.map((t, i) => (
                <tr key={`${t.traceId}-${t.spanId}`} className={t.error ? 'error-row' : ''} data-testid="tx-row"
                  data-trace-id={t.traceId} data-span-id={t.spanId} data-error={String(t.error)} onClick={() => onOpen(t.traceId)}>
                  <td>{i + 1}</td>
                  <td data-testid="tx-start">{formatDateTime(t.startTime)}</td>
                  <td data-testid="tx-name">{t.name}</td>
                  <td data-testid="tx-endpoint">{t.endpoint ?? ''}</td>
                  <td data-testid="tx-elapsed" className="num">{formatCount(t.elapsedMs)}</td>
                  <td data-testid="tx-error">{t.error ? 'error' : ''}</td>
                  <td data-testid="tx-remote">{t.remoteAddress ?? ''}</td>
                  <td data-testid="tx-agent">{t.agentId}</td>
                  <td data-testid="tx-trace-id" className="mono"><a href={hrefOf(t.traceId)} onClick={(e) => e.stopPropagation()}>{t.traceId}</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
