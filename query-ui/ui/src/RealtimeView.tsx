import { useEffect, useState } from 'react';
import { getJson } from './api';
import { formatCount, formatMs, formatValue, niceMax } from './format';
import { ACTIVE_BANDS, HISTORY_MS, POLL_MS, activeStack, activeTotal, liveLines, liveRange, type ActiveSnapshot } from './realtime';
import { appendRolling } from './series';
import { Empty, ErrorBox, Loading } from './Status';
import { TimeSeriesChart } from './TimeSeriesChart';
import { formatTime } from './time';

/**
 * The real-time view: every 5 s the application's active requests per agent (stacked by how long they have
 * been running, as Pinpoint's active-thread chart) and the last 10 s's rates, kept for ~5 min in the browser.
 */
export function RealtimeView({ application }: { application: string | null }) {
  const [history, setHistory] = useState<ActiveSnapshot[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setHistory([]);
    setError(null);
    if (!application) return;
    const ctl = new AbortController();
    const poll = () => getJson<ActiveSnapshot>(`/api/v1/applications/${encodeURIComponent(application)}/active`,
      { windowSeconds: 10 }, ctl.signal).then(
      (s) => { setError(null); setHistory((h) => appendRolling(h, s, HISTORY_MS)); },
      (e: Error) => { if (!ctl.signal.aborted) setError(e.message); });
    poll();
    const t = setInterval(poll, POLL_MS);
    return () => { ctl.abort(); clearInterval(t); };
  }, [application]);
  if (!application) return <Empty>Pick an application to watch it live.</Empty>;
  const last = history[history.length - 1];
  const lines = liveLines(history);
  const range = liveRange(history);
  const from = range?.from;
  const to = range?.to;
  return (
    <div className="page" data-testid="realtime-view" data-application={application} data-polls={history.length}>
      {error && <ErrorBox message={`real-time: ${error}`} />}
      {!last && !error && <Loading what="live data" />}
      {last && (
        <>
          <section className="panel">
            <div className="panel-title">
              Active requests · {application}
              <span className="muted">as of {formatTime(last.time)}, polled every {POLL_MS / 1000} s</span>
            </div>
            <div className="realtime-row">
              <ActiveBars snapshot={last} />
              <dl className="summary live-summary" data-testid="live-summary">
                <dt>TPS</dt><dd data-testid="live-tps">{formatValue(last.live.tps, '')}</dd>
                <dt>Calls</dt><dd data-testid="live-total">{formatCount(last.live.totalCount)}</dd>
                <dt>Avg</dt><dd>{formatMs(last.live.avgMs)}</dd>
                <dt>Errors</dt><dd className={last.live.errorCount ? 'err' : ''}>{formatCount(last.live.errorCount)}</dd>
                <dt>Max</dt><dd>{formatMs(last.live.maxMs)}</dd>
                <dt>Error rate</dt><dd>{formatValue(last.live.errorRate, '1')}</dd>
              </dl>
            </div>
          </section>
          <section className="panel">
            <div className="panel-title">Last 5 minutes <span className="muted">(kept in this page)</span></div>
            <div className="chart-grid three">
              <TimeSeriesChart title="Transactions per second" unit="{tx}/s" lines={lines.tps} from={from} to={to} testid="live-tps-chart" />
              <TimeSeriesChart title="Response time" unit="ms" lines={lines.latency} from={from} to={to} testid="live-latency-chart"
                colors={['#12b76a', '#f79009']} />
              <TimeSeriesChart title="Error rate" unit="1" lines={lines.errors} from={from} to={to} testid="live-errors-chart"
                colors={['#e5484d']} />
            </div>
          </section>
        </>
      )}
    </div>
  );
}

const BW = 44, GAP = 18, H = 180, M = { left: 40, top: 10, bottom: 52 };

/** One stacked bar per agent, bands bottom-up fast → very slow; the agent id under it. */
function ActiveBars({ snapshot }: { snapshot: ActiveSnapshot }) {
  const agents = [...snapshot.agents].sort((a, b) => a.agentId.localeCompare(b.agentId));
  const max = niceMax(Math.max(1, ...agents.map(activeTotal)));
  // At least as wide as the legend above it.
  const w = Math.max(360, M.left + Math.max(1, agents.length) * (BW + GAP) + GAP);
  const ph = H - M.top - M.bottom;
  const y = (v: number) => M.top + ph - (v / max) * ph;
  return (
    <div className="active-bars">
      <div className="chart-legend">
        {ACTIVE_BANDS.map((b) => <span key={b.key} className="legend-item"><i style={{ background: b.color }} />{b.label}</span>)}
      </div>
      {!agents.length && <div className="muted" data-testid="active-empty">no agent reported active requests recently</div>}
      <svg width={w} height={H} data-testid="active-chart" data-agents={agents.length}>
        {[0, max / 2, max].map((v) => (
          <g key={v}>
            <line x1={M.left} x2={w} y1={y(v)} y2={y(v)} className="grid-line" />
            <text x={M.left - 4} y={y(v) + 3} textAnchor="end" className="axis">{formatCount(v)}</text>
          </g>
        ))}
        {agents.map((a, i) => {
          const x = M.left + GAP + i * (BW + GAP);
          return (
            <g key={a.agentId} data-testid="active-agent" data-agent-id={a.agentId} data-total={activeTotal(a)}>
              <title>{`${a.agentId}: ${ACTIVE_BANDS.map((b) => `${b.key} ${a[b.key]}`).join(', ')}`}</title>
              {activeStack(a).map((s) => (
                <rect key={s.key} x={x} y={y(s.to)} width={BW} height={y(s.from) - y(s.to)} fill={s.color}
                  data-testid="active-segment" data-band={s.key} data-count={s.count} />
              ))}
              <text x={x + BW / 2} y={y(activeTotal(a)) - 3} textAnchor="middle" className="axis">{activeTotal(a)}</text>
              <text x={x + BW / 2} y={H - M.bottom + 12} textAnchor="end" className="axis agent-label"
                transform={`rotate(-30 ${x + BW / 2} ${H - M.bottom + 12})`}>{a.agentId}</text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
