import { useState } from 'react';
import { getJson } from './api';
import { useAsync } from './hooks';
import { SignOut } from './Login';
import { ErrorBox } from './Status';
import { PRESET_NAMES, formatDateTime, parseLocalDateTime, toLocalDateTime, type TimeRange } from './time';
import type { Application } from './types';

interface Props {
  application: string | null;
  range: TimeRange;
  refresh: boolean;
  onChange: (changes: Record<string, string | number | null>) => void;
  onReload: () => void;
  /** The application's agent list, linked next to the picker. */
  agentsHref?: string | null;
  /** Whether to show the time range (presets, from/to, reload, auto-refresh); false on pages that ignore it. */
  timeControls?: boolean;
}

export function Header({ application, range, refresh, onChange, onReload, agentsHref, timeControls = true }: Props) {
  const apps = useAsync((s) => getJson<Application[]>('/api/v1/applications', undefined, s), []);
  const [from, setFrom] = useState(toLocalDateTime(range.from));
  const [to, setTo] = useState(toLocalDateTime(range.to));
  const [customError, setCustomError] = useState<string | null>(null);
  const names = apps.data ?? [];

  const applyCustom = () => {
    const f = parseLocalDateTime(from);
    const t = parseLocalDateTime(to);
    if (!(f < t)) { setCustomError('custom range: "from" must be before "to"'); return; }
    if (t - f > 2 * 86_400_000) { setCustomError('custom range: at most 2 days'); return; }
    setCustomError(null);
    onChange({ from: f, to: t, range: null, refresh: null });
  };

  return (
    <header className="header" data-testid="header">
      <a className="brand" href="#/map" data-testid="home">Pinscope</a>
      <label className="field">
        <span>Application</span>
        <select data-testid="app-picker" value={application ?? ''} disabled={apps.loading && !names.length}
          onChange={(e) => onChange({ application: e.target.value || null, node: null, linkFrom: null, linkTo: null,
            txFrom: null, txTo: null, minElapsed: null, maxElapsed: null, route: null })}>
          <option value="">{apps.loading ? 'loading…' : names.length ? 'select an application' : 'no applications yet'}</option>
          {names.map((a) => (
            <option key={a.name} value={a.name} data-testid="app-option">{a.name} ({a.serviceType})</option>
          ))}
        </select>
      </label>
      {agentsHref && <a className="agents-link" href={agentsHref} data-testid="agents-link">Agents</a>}
      {timeControls && <>
      <div className="presets" role="group" aria-label="time range">
        {PRESET_NAMES.map((p) => (
          <button key={p} type="button" data-testid="range-preset" data-range={p}
            className={range.preset === p ? 'active' : ''}
            onClick={() => onChange({ range: p, from: null, to: null })}>{p}</button>
        ))}
      </div>
      <div className="custom">
        <input type="datetime-local" data-testid="range-from" value={from} onChange={(e) => setFrom(e.target.value)} />
        <span>–</span>
        <input type="datetime-local" data-testid="range-to" value={to} onChange={(e) => setTo(e.target.value)} />
        <button type="button" data-testid="range-apply" className={range.preset ? '' : 'active'} onClick={applyCustom}>Apply</button>
      </div>
      <button type="button" className="reload" data-testid="reload" title="reload now" onClick={onReload}>↻</button>
      <label className="field refresh" title={range.preset ? 'reload every 10 s' : 'only for presets'}>
        <input type="checkbox" data-testid="auto-refresh" checked={refresh && !!range.preset} disabled={!range.preset}
          onChange={(e) => onChange({ refresh: e.target.checked ? 1 : null })} />
        auto-refresh
      </label>
      <span className="range-label" data-testid="range-label" data-from={range.from} data-to={range.to}>
        {formatDateTime(range.from)} → {formatDateTime(range.to)}
      </span>
      </>}
      {apps.error && <ErrorBox message={`applications: ${apps.error}`} />}
      {customError && <ErrorBox message={customError} />}
      <SignOut />
    </header>
  );
}
