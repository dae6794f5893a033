import { Fragment } from 'react';
import { resourceRows, sortAgents, statusBadge } from './agents';
import { getJson } from './api';
import { formatCount } from './format';
import type { HostRow } from './host';
import { useAsync } from './hooks';
import { Empty, ErrorBox, Loading } from './Status';
import { formatDateTime, type TimeRange } from './time';
import type { Agent } from './types';

interface Props {
  application: string | null;
  range: TimeRange;
  reload: number;
  /** The agent whose resource attributes are shown. */
  expanded: string | null;
  onExpand: (agentId: string | null) => void;
  mapHref: string;
  /** The agent inspector of one agent. */
  inspectorHref?: (agentId: string) => string;
  /** The host view of a host that sends host metrics. */
  hostHref?: (host: string) => string;
}

/** The agents of an application in the range: runtime, SDK, agent version, times and status; a row opens its resource. */
export function AgentsView({ application, range, reload, expanded, onExpand, mapHref, inspectorHref, hostHref }: Props) {
  const { from, to } = range;
  const r = useAsync(application ? (s) => getJson<Agent[]>(`/api/v1/applications/${encodeURIComponent(application)}/agents`,
    { from, to }, s) : null, [application, from, to, reload]);
  // Hostnames link to the host view when that host sends host metrics.
  const hosts = useAsync(hostHref ? (s) => getJson<HostRow[]>('/api/v1/hosts', {}, s) : null, [reload]);
  const knownHosts = new Set((hosts.data ?? []).map((h) => h.host));
  if (!application) return <Empty>Pick an application to see its agents.</Empty>;
  const agents = sortAgents(r.data ?? []);
  return (
    <section className="panel agents-view" data-testid="agents-view" data-application={application}>
      <div className="panel-title">
        Agents of {application}
        <span data-testid="agents-count" data-count={agents.length} className="muted">{formatCount(agents.length)}</span>
        <a className="link-button" href={mapHref} data-testid="agents-back">← server map</a>
      </div>
      {r.loading && !r.data && <Loading what="agents" />}
      {r.error && <ErrorBox message={`agents: ${r.error}`} />}
      {r.data && agents.length === 0 && <Empty>No agent of {application} was seen in this range.</Empty>}
      {agents.length > 0 && (
        <div className="table-wrap">
          <table className="grid" data-testid="agents-table">
            <thead><tr><th></th><th>Agent</th><th>Host</th><th>Status</th><th>Runtime</th><th>SDK</th><th>Agent version</th><th>Start time</th><th>Last seen</th></tr></thead>
            <tbody>
              {agents.map((a) => {
                const open = a.agentId === expanded;
                const badge = statusBadge(a.status);
                return (
                  <Fragment key={a.agentId}>
                    <tr data-testid="agent-row" data-agent-id={a.agentId} data-status={a.status ?? ''} className={open ? 'selected' : ''}
                      aria-expanded={open} onClick={() => onExpand(open ? null : a.agentId)}>
                      <td className="muted">{open ? '▾' : '▸'}</td>
                      <td className="mono">{a.agentId}{inspectorHref && <a className="inspect-link" href={inspectorHref(a.agentId)}
                        data-testid="agent-inspect-link" onClick={(e) => e.stopPropagation()}>inspect</a>}</td>
                      <td>{hostHref && knownHosts.has(a.hostname)
                        ? <a href={hostHref(a.hostname)} data-testid="agent-host-link" onClick={(e) => e.stopPropagation()}>{a.hostname}</a>
                        : a.hostname}</td>
                      <td><span className={`status-badge ${badge.kind}`} data-testid="agent-status" title={badge.title}>{badge.text}</span></td>
                      <td data-testid="agent-runtime">{a.runtime ?? '-'}</td>
                      <td>{a.sdk ?? '-'}</td>
                      <td data-testid="agent-version">{a.agentVersion ?? '-'}</td>
                      <td>{formatDateTime(a.startTime)}</td>
                      <td>{formatDateTime(a.lastSeen)}</td>
                    </tr>
                    {open && (
                      <tr className="resource-row" data-testid="agent-resource">
                        <td></td>
                        <td colSpan={8}>
                          <table className="grid compact resource-table">
                            <thead><tr><th>Resource attribute</th><th>Value</th></tr></thead>
                            <tbody>{resourceRows(a.resource).map(([k, v]) => (
                              <tr key={k} data-testid="resource-attr" data-key={k}><td className="mono">{k}</td><td className="mono attr-value">{v}</td></tr>
                            ))}</tbody>
                          </table>
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
