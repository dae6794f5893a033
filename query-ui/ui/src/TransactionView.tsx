import { useEffect, useMemo } from 'react';
import { getJson } from './api';
import { formatCount, formatMs } from './format';
import { useAsync } from './hooks';
import { ServerMapSvg } from './ServerMapSvg';
import { Empty, ErrorBox, Loading } from './Status';
import { formatDateTime, formatTime } from './time';
import type { CallTreeRow, Span, Trace } from './types';

interface Props {
  id: string; selectedSpan: string | null; onSelectSpan: (spanId: string | null) => void; backHref: string;
  /** Called once the trace is read: its entry application and time bounds (to restore a bare link's context). */
  onLoaded?: (trace: { application: string | null; start: number; end: number }) => void;
}

export function TransactionView({ id, selectedSpan, onSelectSpan, backHref, onLoaded }: Props) {
  const r = useAsync((s) => getJson<Trace>(`/api/v1/traces/${encodeURIComponent(id)}`, undefined, s), [id]);
  const t = r.data;
  const bounds = useMemo(() => {
    if (!t || !t.spans.length) return { start: 0, end: 0 };
    const start = Math.min(...t.spans.map((s) => s.startTime));
    const end = Math.max(...t.spans.map((s) => s.startTime + s.elapsedMs));
    return { start, end };
  }, [t]);
  useEffect(() => {
    if (t) onLoaded?.({ application: t.callTree.find((c) => !c.caller)?.application ?? null, ...bounds });
  }, [t]); // eslint-disable-line react-hooks/exhaustive-deps -- once per trace read

  return (
    <div className="tx-view" data-testid="transaction-view" data-trace-id={id}>
      <a href={backHref} className="link-button" data-testid="back-to-map">← back to the map</a>
      {r.loading && <Loading what="transaction" />}
      {r.error && <ErrorBox message={`transaction ${id}: ${r.error}`} />}
      {t && (
        <>
          <section className="panel tx-header" data-testid="tx-header">
            <dl className="summary wide">
              <dt>Trace id</dt><dd className="mono" data-testid="tx-trace-id">{t.traceId}</dd>
              <dt>TxId</dt><dd className="mono" data-testid="tx-transaction-id">{t.transactionId ?? '-'}</dd>
              <dt>Root</dt><dd data-testid="tx-root">{rootLabel(t.callTree)}</dd>
              <dt>Start</dt><dd data-testid="tx-start-time">{bounds.start ? formatDateTime(bounds.start) : '-'}</dd>
              <dt>Total</dt><dd data-testid="tx-total-ms" data-ms={bounds.end - bounds.start}>{formatMs(bounds.end - bounds.start)}</dd>
              <dt>Spans</dt><dd data-testid="tx-span-count">{formatCount(t.spanCount ?? t.spans.length)}{t.complete === false ? ' (incomplete)' : ''}</dd>
            </dl>
          </section>
          <div className="tx-body">
            <CallTree rows={t.callTree} selectedSpan={selectedSpan} onSelect={onSelectSpan} />
            {selectedSpan && <SpanDetail span={t.spans.find((s) => s.spanId === selectedSpan) ?? null} trace={t} />}
          </div>
          <Timeline spans={t.spans} start={bounds.start} end={bounds.end} selectedSpan={selectedSpan} onSelect={onSelectSpan} />
          <section className="panel" data-testid="tx-map">
            <div className="panel-title">Transaction map</div>
            {t.map && t.map.nodes.length ? (
              <div className="map-scroll"><ServerMapSvg map={t.map} center={null} selection={null} testid="tx-server-map" /></div>
            ) : <Empty>No map for this transaction.</Empty>}
          </section>
          {t.logs && t.logs.length > 0 && (
            <section className="panel" data-testid="tx-logs">
              <div className="panel-title">Logs ({t.logs.length})</div>
              <table className="grid compact"><tbody>{t.logs.map((l, i) => (
                <tr key={i} data-testid="tx-log-row" data-span-id={l.spanId ?? ''}><td>{formatTime(l.time, true)}</td><td>{l.severity ?? ''}</td><td className="mono">{l.body ?? ''}</td></tr>
              ))}</tbody></table>
            </section>
          )}
        </>
      )}
    </div>
  );
}

/** The entry row (not a caller row above it), with the outside caller it came from when there is one. */
function rootLabel(rows: CallTreeRow[]): string {
  const entry = rows.find((c) => !c.caller);
  if (!entry) return '-';
  const caller = rows[0]?.caller ? rows[0].application : null;
  return `${entry.application} · ${entry.method}${caller ? ` ← ${caller}` : ''}`;
}

function CallTree({ rows, selectedSpan, onSelect }: { rows: CallTreeRow[]; selectedSpan: string | null; onSelect: (id: string | null) => void }) {
  if (!rows.length) return <section className="panel calltree"><Empty>No call tree.</Empty></section>;
  const base = rows[0].startTime;
  return (
    <section className="panel calltree" data-testid="calltree">
      <div className="panel-title">Call tree</div>
      <div className="table-wrap">
        <table className="grid compact" data-testid="calltree-table">
          <thead><tr>
            <th>Method</th><th>Arguments</th><th>Start</th><th>Gap (ms)</th><th>Exec (ms)</th><th>Exec (%)</th>
            <th>Self (ms)</th><th>Class</th><th>API</th><th>Application</th><th>Agent</th>
          </tr></thead>
          <tbody>
            {rows.map((c, i) => {
              const bad = c.error || c.hasException;
              return (
                <tr key={i} data-testid="calltree-row" data-span-id={c.spanId} data-depth={c.depth} data-error={String(!!c.error)}
                  data-exception={String(!!c.hasException)} data-entry={String(!!c.entry)} data-caller={String(!!c.caller)}
                  className={`${bad ? 'error-row' : ''}${c.entry ? ' entry-row' : ''}${c.caller ? ' caller-row' : ''}${selectedSpan === c.spanId ? ' selected' : ''}`}
                  onClick={() => onSelect(c.spanId === selectedSpan ? null : c.spanId)}>
                  <td data-testid="ct-method" style={{ paddingLeft: 6 + c.depth * 16 }} title={c.method}>
                    {c.caller ? '◂ ' : ''}{c.entry ? '▸ ' : ''}{bad ? '⚠ ' : ''}{c.method}{c.orphan ? ' (orphan)' : ''}
                  </td>
                  <td data-testid="ct-arguments" className="mono args" title={c.arguments ?? ''}>{c.arguments ?? ''}</td>
                  <td data-testid="ct-start">{formatTime(c.startTime, true)}</td>
                  <td data-testid="ct-gap" className="num">{formatCount(c.gapMs)}</td>
                  <td data-testid="ct-exec" className="num">{formatCount(c.execMs)}</td>
                  <td data-testid="ct-exec-pct" className="num">
                    <span className="pct-bar" style={{ width: `${Math.min(100, c.execPercent ?? 0) * 0.5}px` }} />
                    {c.execPercent != null ? c.execPercent.toFixed(0) : ''}
                  </td>
                  <td data-testid="ct-self" className="num">{formatCount(c.selfMs)}</td>
                  <td data-testid="ct-class" className="clip" title={c.className ?? ''}>{c.className ?? ''}</td>
                  <td data-testid="ct-api" className="clip" title={c.api ?? c.kind ?? ''}>{c.api ?? c.kind ?? ''}</td>
                  <td data-testid="ct-application">{c.application}</td>
                  <td data-testid="ct-agent" className="mono">{c.agentId}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="muted">
        {rows.length} rows · first row starts {formatTime(base, true)}
        {!selectedSpan && <span data-testid="span-detail-hint"> · click a row for its span attributes and events</span>}
      </div>
    </section>
  );
}

function SpanDetail({ span, trace }: { span: Span | null; trace: Trace }) {
  if (!span) return <aside className="panel side" data-testid="span-detail-missing"><div className="muted">No span of this trace has that id.</div></aside>;
  const attrs = Object.entries(span.attributes ?? {});
  const events = span.events ?? [];
  return (
    <aside className="panel side" data-testid="span-detail" data-span-id={span.spanId}>
      <h3 className="side-title">{span.name}</h3>
      <dl className="summary">
        <dt>Span</dt><dd className="mono">{span.spanId}</dd>
        <dt>Parent</dt><dd className="mono">{span.parentSpanId ?? '-'}</dd>
        <dt>Kind</dt><dd>{span.kind ?? '-'}</dd>
        <dt>App</dt><dd>{span.application}</dd>
        <dt>Agent</dt><dd className="mono">{span.agentId}</dd>
        <dt>Elapsed</dt><dd>{formatMs(span.elapsedMs)}</dd>
        <dt>Status</dt><dd className={span.error ? 'err' : ''} data-testid="span-status">{span.error ? `error${span.statusMessage ? `: ${span.statusMessage}` : ''}` : 'ok'}</dd>
        {span.scope && <><dt>Scope</dt><dd>{span.scope}</dd></>}
      </dl>
      <h4>Attributes ({attrs.length})</h4>
      <table className="grid compact" data-testid="span-attributes"><tbody>
        {attrs.map(([k, v]) => <tr key={k} data-testid="span-attr" data-key={k}><td className="mono">{k}</td><td className="mono">{typeof v === 'string' ? v : JSON.stringify(v)}</td></tr>)}
      </tbody></table>
      <h4>Events ({events.length})</h4>
      {events.map((e, i) => (
        <div key={i} className={`event${e.name === 'exception' ? ' err' : ''}`} data-testid="span-event" data-name={e.name}>
          <b>{e.name}</b> <span className="muted">{formatTime(e.time, true)}</span>
          {Object.entries(e.attributes ?? {}).map(([k, v]) => (
            <div key={k} className="mono event-attr"><span className="muted">{k}</span> {typeof v === 'string' ? v : JSON.stringify(v)}</div>
          ))}
        </div>
      ))}
      {trace.logs && trace.logs.some((l) => l.spanId === span.spanId) && <div className="muted">{trace.logs.filter((l) => l.spanId === span.spanId).length} log records</div>}
    </aside>
  );
}

/** Waterfall of spans (parents before children), positioned on the trace's time axis. */
function Timeline({ spans, start, end, selectedSpan, onSelect }: { spans: Span[]; start: number; end: number; selectedSpan: string | null; onSelect: (id: string) => void }) {
  const ordered = useMemo(() => orderSpans(spans), [spans]);
  const total = Math.max(1, end - start);
  return (
    <section className="panel timeline" data-testid="timeline">
      <div className="panel-title">Timeline <span className="muted">0 – {formatMs(end - start)}</span></div>
      {ordered.map(({ span, depth }) => (
        <div key={span.spanId} className={`tl-row${selectedSpan === span.spanId ? ' selected' : ''}`} onClick={() => onSelect(span.spanId)}
          data-testid="timeline-row" data-span-id={span.spanId}>
          <div className="tl-label" style={{ paddingLeft: depth * 12 }} title={span.name}><span className="muted">{span.application}</span> {span.name}</div>
          <div className="tl-track">
            <div className={`tl-bar${span.error ? ' err' : ''}`} data-testid="timeline-bar" data-span-id={span.spanId}
              style={{ left: `${((span.startTime - start) / total) * 100}%`, width: `${Math.max(0.3, (span.elapsedMs / total) * 100)}%` }}
              title={`${formatMs(span.elapsedMs)} at +${formatMs(span.startTime - start)}`} />
          </div>
          <div className="tl-ms num">{formatMs(span.elapsedMs)}</div>
        </div>
      ))}
    </section>
  );
}

export function orderSpans(spans: Span[]): { span: Span; depth: number }[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, Span[]>();
  const roots: Span[] = [];
  for (const s of spans) {
    if (s.parentSpanId && ids.has(s.parentSpanId)) (children.get(s.parentSpanId) ?? children.set(s.parentSpanId, []).get(s.parentSpanId)!).push(s);
    else roots.push(s);
  }
  const out: { span: Span; depth: number }[] = [];
  const seen = new Set<string>();
  const visit = (s: Span, depth: number) => {
    if (seen.has(s.spanId)) return;
    seen.add(s.spanId);
    out.push({ span: s, depth });
    for (const c of (children.get(s.spanId) ?? []).sort((a, b) => a.startTime - b.startTime)) visit(c, depth + 1);
  };
  for (const r of roots.sort((a, b) => a.startTime - b.startTime)) visit(r, 0);
  return out;
}
