import { useState } from 'react';
import { sendJson } from './api';
import { emptySilenceForm, errorField, silenceActive, silenceBody, type Rule, type Silence, type SilenceForm } from './alarms';
import type { Async } from './hooks';
import { Empty, ErrorBox } from './Status';
import { formatDateTime } from './time';

interface Props { application: string; result: Async<{ silences: Silence[] }>; rules: Rule[]; now: number; onChanged: () => void }

/** The application's silences (past ones too, until deleted), a form to add one (a rule or the whole application), delete. */
export function AlarmSilences({ application, result, rules, now, onChanged }: Props) {
  const [form, setForm] = useState<SilenceForm>(() => emptySilenceForm(Date.now()));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const silences = [...(result.data?.silences ?? [])].sort((a, b) => b.from - a.from || a.id.localeCompare(b.id));
  const ruleName = (id: string | null) => (id ? rules.find((r) => r.id === id)?.name ?? id : 'every rule');
  const run = (action: Promise<unknown>, done: () => void) => {
    setBusy(true);
    setError(null);
    action.then(() => { setBusy(false); done(); onChanged(); }, (e: Error) => { setBusy(false); setError(e.message); });
  };
  const add = () => run(sendJson('POST', '/api/v1/alarms/silences', silenceBody(application, form)),
    () => setForm(emptySilenceForm(Date.now())));
  const remove = (id: string) => run(sendJson('DELETE', `/api/v1/alarms/silences/${encodeURIComponent(id)}`), () => undefined);
  const set = (changes: Partial<SilenceForm>) => setForm((f) => ({ ...f, ...changes }));
  return (
    <section className="panel" data-testid="alarm-silences">
      <div className="panel-title">Silences <span className="muted">nothing is sent while one covers a rule; its state is still tracked</span></div>
      {result.error && <ErrorBox message={`silences: ${result.error}`} />}
      {result.data && !silences.length && <Empty>No silences.</Empty>}
      {silences.length > 0 && (
        <table className="grid compact silence-table">
          <thead><tr><th>Rule</th><th>From</th><th>To</th><th>Reason</th><th>Created by</th><th /></tr></thead>
          <tbody>
            {silences.map((s) => (
              <tr key={s.id} data-testid="silence-row" data-silence-id={s.id} data-rule-id={s.ruleId ?? ''} data-active={silenceActive(s, now)}
                className={silenceActive(s, now) ? 'silence-active' : 'muted'} style={{ cursor: 'default' }}>
                <td>{ruleName(s.ruleId)}{silenceActive(s, now) && <span className="status-badge info badge-gap">active</span>}</td>
                <td>{formatDateTime(s.from).slice(0, 16)}</td>
                <td>{formatDateTime(s.to).slice(0, 16)}</td>
                <td>{s.reason || <span className="muted">-</span>}</td>
                <td>{s.createdBy || <span className="muted">-</span>}</td>
                <td><button type="button" className="small-button" data-testid="silence-delete" disabled={busy} onClick={() => remove(s.id)}>Delete</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="inline-form silence-form" data-testid="silence-form" onSubmit={(e) => { e.preventDefault(); add(); }}>
        <span>Silence</span>
        <select data-testid="silence-rule" value={form.ruleId} onChange={(e) => set({ ruleId: e.target.value })}>
          <option value="">every rule of {application}</option>
          {rules.map((r) => <option key={r.id} value={r.id ?? ''}>{r.name}</option>)}
        </select>
        <span>from</span>
        <input type="datetime-local" data-testid="silence-from" value={form.from} onChange={(e) => set({ from: e.target.value })} />
        <span>to</span>
        <input type="datetime-local" data-testid="silence-to" value={form.to} onChange={(e) => set({ to: e.target.value })} />
        <input data-testid="silence-reason" placeholder="reason" value={form.reason} onChange={(e) => set({ reason: e.target.value })} />
        <input data-testid="silence-created-by" placeholder="your name" value={form.createdBy} size={12}
          onChange={(e) => set({ createdBy: e.target.value })} />
        <button type="submit" className="small-button primary" data-testid="silence-add" disabled={busy}>Add silence</button>
        {error && <span className="form-error" role="alert" data-testid="silence-error" data-field={errorField(error) ?? ''}>{error}</span>}
      </form>
    </section>
  );
}
