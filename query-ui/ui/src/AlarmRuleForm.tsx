import { useState } from 'react';
import { sendJson } from './api';
import {
  CHANNEL_TYPES, errorField, errorIsAbout, firesWhenText, formToRule, withKind, type ChannelRow, type Kind, type RuleForm,
} from './alarms';

const TARGET_HINT: Record<Kind['target'], string> = {
  NONE: '', CALLEE: "the callee's name as the server map shows it", ROUTE: 'the route as URI statistics name it',
  STATEMENT: 'the normalised statement as SQL statistics show it',
};

interface Props { initial: RuleForm; kinds: Kind[]; onSaved: () => void; onCancel: () => void }

/**
 * Creates or edits a rule: kind (with its unit, target, options and firing side), threshold, target, channels,
 * optional escalation, enabled. The API validates; its 400 message shows next to the Save button and marks the
 * field it names.
 */
export function AlarmRuleForm({ initial, kinds, onSaved, onCancel }: Props) {
  const [form, setForm] = useState<RuleForm>(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const kind = kinds.find((k) => k.kind === form.kind);
  const field = errorField(error);
  const bad = (name: string) => (errorIsAbout(field, name) ? 'invalid' : undefined);
  const set = (changes: Partial<RuleForm>) => setForm((f) => ({ ...f, ...changes }));

  const save = () => {
    setBusy(true);
    setError(null);
    const body = formToRule(form, kind);
    const done = form.id ? sendJson('PUT', `/api/v1/alarms/rules/${encodeURIComponent(form.id)}`, body)
      : sendJson('POST', '/api/v1/alarms/rules', body);
    done.then(() => { setBusy(false); onSaved(); }, (e: Error) => { setBusy(false); setError(e.message); });
  };

  return (
    <section className="panel rule-form" data-testid="rule-form" data-mode={form.id ? 'edit' : 'new'}>
      <div className="panel-title">{form.id ? <>Edit rule <span className="mono">{initial.name}</span></> : <>New rule for {form.application}</>}</div>
      <form onSubmit={(e) => { e.preventDefault(); save(); }}>
        <div className="form-grid">
          <label htmlFor="rule-name">Name</label>
          <input id="rule-name" data-testid="rule-name" className={bad('name')} value={form.name} placeholder="e.g. checkout errors"
            onChange={(e) => set({ name: e.target.value })} />

          <label htmlFor="rule-kind">Kind</label>
          <div>
            <select id="rule-kind" data-testid="rule-kind" className={bad('kind')} value={form.kind}
              onChange={(e) => setForm((f) => withKind(f, kinds.find((k) => k.kind === e.target.value)))}>
              {!kind && <option value={form.kind}>{form.kind || 'choose a kind'}</option>}
              {kinds.map((k) => <option key={k.kind} value={k.kind}>{k.name} ({k.unit})</option>)}
            </select>
            {kind && (
              <div className="muted form-help" data-testid="rule-kind-help" data-unit={kind.unit} data-fires-when={kind.firesWhen}>
                {kind.description}; unit <b>{kind.unit}</b>; {firesWhenText(kind)}
                {kind.target !== 'NONE' ? `; needs a target: ${TARGET_HINT[kind.target]}` : ''}.
              </div>
            )}
          </div>

          <label htmlFor="rule-threshold">Threshold</label>
          <div>
            <span className="threshold-input">
              <span className="muted">{kind?.firesWhen === 'BELOW' ? '≤' : '≥'}</span>
              <input id="rule-threshold" data-testid="rule-threshold" className={bad('threshold')} value={form.threshold} size={10}
                inputMode="decimal" onChange={(e) => set({ threshold: e.target.value })} />
              <span className="muted" data-testid="rule-unit">{kind?.unit ?? ''}</span>
            </span>
            {kind && kind.minThreshold != null && (
              <span className="muted form-help-inline">
                {kind.maxThreshold != null ? `${kind.minThreshold}–${kind.maxThreshold}` : `≥ ${kind.minThreshold}`}
              </span>
            )}
          </div>

          {kind && kind.target !== 'NONE' && <>
            <label htmlFor="rule-target">Target{kind.targetRequired ? ' *' : ''}</label>
            <input id="rule-target" data-testid="rule-target" className={bad('target')} value={form.target} size={50}
              placeholder={TARGET_HINT[kind.target]} onChange={(e) => set({ target: e.target.value })} />
          </>}

          {kind?.options.map((o) => (
            <OptionField key={o.name} name={o.name} description={o.description} defaultValue={o.default} invalid={bad(`options.${o.name}`)}
              value={form.options[o.name] ?? ''} onChange={(v) => set({ options: { ...form.options, [o.name]: v } })} />
          ))}

          <span className="form-label">Channels</span>
          <ChannelList rows={form.channels} testid="rule-channel" invalid={field && errorIsAbout(field, 'channels') ? field : null}
            prefix="channels" onChange={(channels) => set({ channels })} />

          <span className="form-label">Escalation</span>
          <div className={`escalation${bad('escalation') ? ' invalid' : ''}`}>
            <label className="check">
              <input type="checkbox" data-testid="rule-escalate" checked={form.escalate} onChange={(e) => set({ escalate: e.target.checked })} />
              escalate when not acknowledged
            </label>
            {form.escalate && <>
              <label className="check">after
                <input data-testid="rule-escalation-minutes" className={bad('escalation.afterMinutes')} value={form.escalationMinutes} size={5}
                  inputMode="numeric" onChange={(e) => set({ escalationMinutes: e.target.value })} /> minutes, to:
              </label>
              <ChannelList rows={form.escalationChannels} testid="rule-escalation-channel" prefix="escalation.channels"
                invalid={field && errorIsAbout(field, 'escalation.channels') ? field : null}
                onChange={(escalationChannels) => set({ escalationChannels })} />
            </>}
          </div>

          <span className="form-label">Enabled</span>
          <label className="check">
            <input type="checkbox" data-testid="rule-enabled" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
            evaluate this rule
          </label>
        </div>
        <div className="form-actions">
          <button type="submit" className="small-button primary" data-testid="rule-save" disabled={busy || !form.kind}>
            {form.id ? 'Save rule' : 'Create rule'}</button>
          <button type="button" className="small-button" data-testid="rule-cancel" onClick={onCancel}>Cancel</button>
          {error && <span className="form-error" role="alert" data-testid="rule-error" data-field={field ?? ''}>{error}</span>}
        </div>
      </form>
    </section>
  );
}

function OptionField({ name, description, defaultValue, value, invalid, onChange }:
  { name: string; description: string; defaultValue: number; value: string; invalid?: string; onChange: (v: string) => void }) {
  return <>
    <label htmlFor={`rule-option-${name}`}>{name}</label>
    <div>
      <input id={`rule-option-${name}`} data-testid="rule-option" data-name={name} className={invalid} value={value} size={10}
        placeholder={String(defaultValue)} onChange={(e) => onChange(e.target.value)} />
      <span className="muted form-help-inline">{description} (default {defaultValue})</span>
    </div>
  </>;
}

/** Channels as rows of type + target, each removable, and "add channel". */
function ChannelList({ rows, testid, prefix, invalid, onChange }:
  { rows: ChannelRow[]; testid: string; prefix: string; invalid: string | null; onChange: (rows: ChannelRow[]) => void }) {
  const update = (i: number, changes: Partial<ChannelRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...changes } : r)));
  return (
    <div className="channel-list" data-testid={`${testid}s`}>
      {!rows.length && <span className="muted">none (state and history are still kept) </span>}
      {rows.map((r, i) => (
        <div key={i} className="channel-row" data-testid={testid} data-index={i}>
          <select data-testid={`${testid}-type`} value={r.type} className={invalid?.startsWith(`${prefix}[${i}].type`) ? 'invalid' : undefined}
            onChange={(e) => update(i, { type: e.target.value as ChannelRow['type'] })}>
            {CHANNEL_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
          <input data-testid={`${testid}-target`} value={r.target} size={50}
            className={invalid?.startsWith(`${prefix}[${i}]`) ? 'invalid' : undefined}
            placeholder={r.type === 'EMAIL' ? 'oncall@example.com' : r.type === 'SLACK' ? 'https://hooks.slack.com/services/…' : 'https://example.com/alarm-hook'}
            onChange={(e) => update(i, { target: e.target.value })} />
          <button type="button" className="small-button" data-testid={`${testid}-remove`} title="remove this channel"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}>✕</button>
        </div>
      ))}
      <button type="button" className="small-button" data-testid={`${testid}-add`}
        onClick={() => onChange([...rows, { type: 'WEBHOOK', target: '' }])}>+ add channel</button>
    </div>
  );
}
