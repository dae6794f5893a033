import { formatAlarmValue, sortEvents, type AlarmEvent, type EventType, type Rule } from './alarms';
import type { Async } from './hooks';
import { Empty, ErrorBox, Loading } from './Status';
import { formatDateTime } from './time';

const TYPE_CLASS: Record<EventType, string> = {
  FIRING: 'firing', REPEAT: 'firing', ESCALATION: 'firing', RECOVERY: 'ok', ACKNOWLEDGED: 'info', SILENCED: 'off',
  EVALUATION_FAILED: 'failed',
};

interface Props { result: Async<{ events: AlarmEvent[] }>; rules: Rule[]; ruleId: string; onRuleId: (ruleId: string) => void; limit: number }

/** The application's latest alarm events (of one rule when ruleId is set), newest first, each with its deliveries (channel, ✓/✗, attempts, detail). */
export function AlarmHistory({ result, rules, ruleId, onRuleId, limit }: Props) {
  const events = sortEvents(result.data?.events ?? []);
  return (
    <section className="panel" data-testid="alarm-history">
      <div className="panel-title">
        History
        <span className="muted" data-testid="history-count" data-count={events.length}>{events.length} {events.length === 1 ? 'event' : 'events'}, newest first (at most {limit})</span>
        <label className="muted">rule <select data-testid="history-rule" value={ruleId} onChange={(e) => onRuleId(e.target.value)}>
          <option value="">all</option>
          {rules.map((r) => <option key={r.id} value={r.id ?? ''}>{r.name}</option>)}
        </select></label>
      </div>
      {result.error && <ErrorBox message={`history: ${result.error}`} />}
      {result.loading && !result.data && <Loading what="history" />}
      {result.data && !events.length && <Empty>No alarm events yet.</Empty>}
      {events.length > 0 && (
        <div className="table-wrap">
          <table className="grid history-table">
            <thead><tr><th>Time</th><th>Rule</th><th>Type</th><th className="num">Value</th><th>Message</th><th>Deliveries</th></tr></thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} data-testid="history-row" data-type={e.type} data-rule-id={e.ruleId} style={{ cursor: 'default' }}>
                  <td className="mono">{formatDateTime(e.time)}</td>
                  <td>{e.ruleName}</td>
                  <td><span className={`status-badge ${TYPE_CLASS[e.type] ?? 'off'}`} data-testid="history-type">{e.type}</span></td>
                  <td className="num">{formatAlarmValue(e.value, e.unit)}</td>
                  <td className="alarm-message" title={e.message} data-testid="history-message">{e.message || <span className="muted">-</span>}</td>
                  <td className="deliveries">
                    {!e.deliveries.length && <span className="muted">-</span>}
                    {e.deliveries.map((d, i) => (
                      <div key={i} data-testid="history-delivery" data-delivered={d.delivered} data-channel-type={d.channel.type}
                        data-attempts={d.attempts} title={`finished ${formatDateTime(d.finished)}`}>
                        <span className={d.delivered ? 'ok-mark' : 'err'}>{d.delivered ? '✓' : '✗'}</span>{' '}
                        {d.channel.type} <span className="mono clip-inline">{d.channel.target}</span>
                        <span className="muted"> · {d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'}{d.detail ? ` · ${d.detail}` : ''}</span>
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
