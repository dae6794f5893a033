import { useEffect, useRef, useState } from 'react';
import { getJson, sendJson } from './api';
import {
  ALARMS_POLL_MS, ackBody, conditionText, emptyRuleForm, firingCount, formatAgo, formatAlarmValue, formatWhen, formatWhenShort,
  ruleToForm, sortAlarms,
  type Alarm, type AlarmEvent, type AlarmState, type Kind, type RuleForm, type Silence,
} from './alarms';
import { AlarmHistory } from './AlarmHistory';
import { AlarmRuleForm } from './AlarmRuleForm';
import { AlarmSilences } from './AlarmSilences';
import { useAsync } from './hooks';
import { Empty, ErrorBox, Loading } from './Status';
import { formatTime } from './time';

/**
 * The alarms of an application: each rule's current state (firing first, polled every 5 s) with an Acknowledge
 * button on firing ones, the rule form (create, edit), the history of events with their deliveries, and silences.
 * {@code selectedRule} (a notification's link names its rule) marks that rule's row.
 */
export function AlarmsView({ application, selectedRule }: { application: string | null; selectedRule?: string | null }) {
  // Every poll tick (and every change made here) reloads the state, history and silences.
  const [tick, setTick] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => { setNow(Date.now()); setTick((n) => n + 1); }, ALARMS_POLL_MS);
    return () => clearInterval(t);
  }, []);
  const refresh = () => { setNow(Date.now()); setTick((n) => n + 1); };
  const [form, setForm] = useState<RuleForm | null>(null);
  const formRef = useRef<HTMLDivElement>(null);
  useEffect(() => { setForm(null); }, [application]);

  const kinds = useAsync((s) => getJson<{ kinds: Kind[] }>('/api/v1/alarms/kinds', undefined, s), []);
  const state = useAsync(application ? (s) => getJson<{ alarms: Alarm[] }>('/api/v1/alarms/state', { application }, s) : null,
    [application, tick]);
  const [historyRule, setHistoryRule] = useState('');
  useEffect(() => { setHistoryRule(''); }, [application]);
  const history = useAsync(application ? (s) => getJson<{ events: AlarmEvent[] }>('/api/v1/alarms/history',
    { application, ruleId: historyRule, limit: HISTORY_LIMIT }, s) : null, [application, historyRule, tick]);
  const silences = useAsync(application ? (s) => getJson<{ silences: Silence[] }>('/api/v1/alarms/silences', { application }, s) : null,
    [application, tick]);

  if (!application) return <Empty>Pick an application to see its alarms.</Empty>;
  const kindList = kinds.data?.kinds ?? [];
  const kindOf = (k: string) => kindList.find((x) => x.kind === k);
  const alarms = sortAlarms(state.data?.alarms ?? []);
  const edit = (f: RuleForm) => { setForm(f); setTimeout(() => formRef.current?.scrollIntoView({ block: 'start' }), 0); };

  return (
    <div className="page alarms-page" data-testid="alarms-view" data-application={application} data-polls={tick}>
      <section className="panel" data-testid="alarm-states">
        <div className="panel-title">
          Alarms of {application}
          <span className="muted" data-testid="alarm-summary" data-rules={alarms.length} data-firing={firingCount(alarms)}>
            {alarms.length} {alarms.length === 1 ? 'rule' : 'rules'}, {firingCount(alarms)} firing · as of {formatTime(now)}, polled every {ALARMS_POLL_MS / 1000} s
          </span>
          <button type="button" className="small-button primary" data-testid="rule-new" disabled={!kindList.length}
            onClick={() => edit(emptyRuleForm(application, kindList[0]))}>+ New rule</button>
        </div>
        {kinds.error && <ErrorBox message={`rule kinds: ${kinds.error}`} />}
        {state.error && <ErrorBox message={`alarms: ${state.error}`} />}
        {state.loading && !state.data && <Loading what="alarms" />}
        {state.data && !alarms.length && <Empty>No alarm rules for {application} yet: add one with “New rule”.</Empty>}
        {alarms.length > 0 && (
          <div className="table-wrap">
            <table className="grid alarm-table">
              <thead><tr>
                <th>Status</th><th>Rule</th><th className="num">Value</th><th>Fires at</th><th>Since</th><th>Message</th>
                <th>Acknowledged</th><th>Escalated</th><th>Silenced until</th><th>Evaluated</th><th />
              </tr></thead>
              <tbody>
                {alarms.map((a) => (
                  <AlarmRow key={a.rule.id} alarm={a} selected={a.rule.id === selectedRule} kind={kindOf(a.rule.kind)} now={now} onChanged={refresh}
                    onEdit={() => edit(ruleToForm(a.rule))} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <div ref={formRef}>
        {form && (
          <AlarmRuleForm key={form.id ?? 'new'} initial={form} kinds={kindList}
            onSaved={() => { setForm(null); refresh(); }} onCancel={() => setForm(null)} />
        )}
      </div>
      <AlarmHistory result={history} rules={alarms.map((a) => a.rule)} ruleId={historyRule} onRuleId={setHistoryRule} limit={HISTORY_LIMIT} />
      <AlarmSilences application={application} result={silences} rules={alarms.map((a) => a.rule)} now={now} onChanged={refresh} />
    </div>
  );
}

const HISTORY_LIMIT = 100;

const STATUS_CLASS: Record<AlarmState['status'], string> = { FIRING: 'firing', FAILED: 'failed', PENDING: 'off', OK: 'ok' };

/** A status badge: FIRING red, FAILED amber, PENDING grey, OK green. */
export function StatusBadge({ status }: { status: AlarmState['status'] }) {
  return <span className={`status-badge ${STATUS_CLASS[status] ?? 'off'}`} data-testid="alarm-status" data-status={status}>{status}</span>;
}

interface RowProps { alarm: Alarm; selected: boolean; kind: Kind | undefined; now: number; onChanged: () => void; onEdit: () => void }

/** One rule's state; a firing one can be acknowledged inline (name and comment), any can be edited or deleted. */
function AlarmRow({ alarm, selected, kind, now, onChanged, onEdit }: RowProps) {
  const { rule, state } = alarm;
  const [acking, setAcking] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [by, setBy] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ack = state.acknowledged;
  const run = (action: () => Promise<unknown>, done: () => void) => {
    setBusy(true);
    setError(null);
    action().then(() => { setBusy(false); done(); onChanged(); }, (e: Error) => { setBusy(false); setError(e.message); });
  };
  const submitAck = () => run(() => sendJson('POST', `/api/v1/alarms/rules/${encodeURIComponent(rule.id!)}/ack`, ackBody(by, comment)),
    () => setAcking(false));
  const remove = () => run(() => sendJson('DELETE', `/api/v1/alarms/rules/${encodeURIComponent(rule.id!)}`), () => setDeleting(false));
  return (
    <>
      <tr data-testid="alarm-row" data-rule-id={rule.id ?? ''} data-rule-name={rule.name} data-status={state.status}
        data-acknowledged-by={ack?.by ?? ''} className={`alarm-${state.status.toLowerCase()}${rule.enabled ? '' : ' disabled'}${selected ? ' selected' : ''}`}
        style={{ cursor: 'default' }}>
        <td><StatusBadge status={state.status} />{!rule.enabled && <span className="muted"> disabled</span>}</td>
        <td data-testid="alarm-rule">
          <div className="alarm-name">{rule.name}</div>
          <div className="muted">{kind?.name ?? rule.kind}{rule.target ? <> · <span className="mono">{rule.target}</span></> : null}</div>
        </td>
        <td className="num" data-testid="alarm-value">{formatAlarmValue(state.value, state.unit)}</td>
        <td data-testid="alarm-threshold">{conditionText(rule.threshold, state.unit, kind?.firesWhen)}</td>
        <td data-testid="alarm-since" title={formatWhen(state.since, now)}>{formatWhenShort(state.since, now)}</td>
        <td className="alarm-message" data-testid="alarm-message" title={state.error ?? state.message ?? ''}>
          {state.error ? <span className="err">{state.error}</span> : state.message ?? <span className="muted">-</span>}
        </td>
        <td data-testid="alarm-acknowledged">
          {ack ? <span title={formatWhen(ack.at, now)}>{ack.by} at {formatTime(ack.at)}{ack.comment ? <div className="muted">{ack.comment}</div> : null}</span>
            : <span className="muted">-</span>}
        </td>
        <td data-testid="alarm-escalated">{state.escalated ? <span className="err">yes</span> : <span className="muted">no</span>}</td>
        <td data-testid="alarm-silenced" title={formatWhen(state.silencedUntil, now)}>
          {state.silencedUntil ? formatWhenShort(state.silencedUntil, now) : <span className="muted">-</span>}</td>
        <td data-testid="alarm-last-evaluated" title={formatWhen(state.lastEvaluated, now)}>
          {state.lastEvaluated == null ? '-' : formatAgo(state.lastEvaluated, now)}</td>
        <td className="actions">
          {state.status === 'FIRING' && !ack && !acking && (
            <button type="button" className="small-button primary" data-testid="alarm-ack-open" onClick={() => setAcking(true)}>Acknowledge</button>)}
          <button type="button" className="small-button" data-testid="alarm-edit" onClick={onEdit}>Edit</button>
          {!deleting ? <button type="button" className="small-button" data-testid="alarm-delete" onClick={() => setDeleting(true)}>Delete</button>
            : <>
              <button type="button" className="small-button danger" data-testid="alarm-delete-confirm" disabled={busy} onClick={remove}>Delete rule</button>
              <button type="button" className="small-button" onClick={() => setDeleting(false)}>Keep</button>
            </>}
        </td>
      </tr>
      {(acking || error) && (
        <tr className="alarm-inline" data-testid="alarm-ack-row" style={{ cursor: 'default' }}>
          <td colSpan={11}>
            {acking && (
              <form className="inline-form" onSubmit={(e) => { e.preventDefault(); submitAck(); }}>
                <span>Acknowledge <b>{rule.name}</b>:</span>
                <input data-testid="alarm-ack-by" placeholder="your name" value={by} onChange={(e) => setBy(e.target.value)} autoFocus />
                <input data-testid="alarm-ack-comment" placeholder="comment (optional)" value={comment} size={40}
                  onChange={(e) => setComment(e.target.value)} />
                <button type="submit" className="small-button primary" data-testid="alarm-ack-submit" disabled={busy}>Acknowledge</button>
                <button type="button" className="small-button" onClick={() => { setAcking(false); setError(null); }}>Cancel</button>
                <span className="muted">stops re-notification and escalation until it recovers</span>
              </form>
            )}
            {error && <ErrorBox message={error} />}
          </td>
        </tr>
      )}
    </>
  );
}
