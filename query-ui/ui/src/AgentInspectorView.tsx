import { getJson } from './api';
import { useAsync } from './hooks';
import { agentPanelChart, genericCharts, type AgentInspector } from './inspector';
import { ChartGrid, CollapsibleCharts } from './InspectorCharts';
import { Empty, ErrorBox, Loading } from './Status';
import type { TimeRange } from './time';
import type { Agent } from './types';

interface Props {
  application: string | null;
  agent: string | null;
  range: TimeRange;
  reload: number;
  onAgent: (agentId: string | null) => void;
}

/**
 * The agent inspector: an agent's runtime panels (heap, GC, CPU, threads… as its runtime reports them) and
 * its other metrics, grouped by name and collapsed; the picker switches between the application's agents.
 */
export function AgentInspectorView({ application, agent, range, reload, onAgent }: Props) {
  const { from, to } = range;
  const agents = useAsync(application ? (s) => getJson<Agent[]>(`/api/v1/applications/${encodeURIComponent(application)}/agents`,
    { from, to }, s) : null, [application, from, to, reload]);
  // Without an agent in the link, the first one of the application is shown.
  const agentId = agent ?? agents.data?.map((a) => a.agentId).sort()[0] ?? null;
  const r = useAsync(agentId ? (s) => getJson<AgentInspector>(`/api/v1/agents/${encodeURIComponent(agentId)}/inspector`,
    { from, to }, s) : null, [agentId, from, to, reload]);
  if (!application) return <Empty>Pick an application to inspect its agents.</Empty>;
  const d = r.data;
  const gap = d ? d.bucketMs * 2.5 : undefined;
  const ids = (agents.data ?? []).map((a) => a.agentId).sort();
  if (agentId && !ids.includes(agentId)) ids.unshift(agentId);
  return (
    <div className="page" data-testid="agent-inspector" data-agent-id={agentId ?? ''}>
      <section className="panel">
        <div className="panel-title">
          Agent inspector
          <label className="field">Agent
            <select data-testid="inspector-agent-picker" value={agentId ?? ''} onChange={(e) => onAgent(e.target.value || null)}>
              {!ids.length && <option value="">{agents.loading ? 'loading…' : 'no agents'}</option>}
              {ids.map((id) => <option key={id} value={id}>{id}</option>)}
            </select>
          </label>
          {d && <span className="runtime-badge" data-testid="inspector-runtime">{d.runtime ?? 'OTHER'}</span>}
          {d?.truncated && <span className="muted" data-testid="inspector-truncated">some metrics left out (too many)</span>}
        </div>
        {agents.error && <ErrorBox message={`agents: ${agents.error}`} />}
        {agents.data && !ids.length && <Empty>No agent of {application} was seen in this range.</Empty>}
        {r.loading && !d && <Loading what="agent metrics" />}
        {r.error && <ErrorBox message={`inspector: ${r.error}`} />}
        {d && d.panels.length === 0 && !(d.generic ?? []).length && <Empty>No metrics from {d.agentId} in this range.</Empty>}
        {d && <ChartGrid charts={d.panels.map(agentPanelChart)} from={from} to={to} maxGapMs={gap} testid="inspector-panels" />}
      </section>
      {d && <CollapsibleCharts title="All metrics" charts={genericCharts(d.generic)} from={from} to={to} maxGapMs={gap} />}
    </div>
  );
}
