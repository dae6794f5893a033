import { getJson } from './api';
import { formatCount } from './format';
import { useAsync } from './hooks';
import { appPanelChart, appSeriesCharts, type AppInspector } from './inspector';
import { ChartGrid, CollapsibleCharts } from './InspectorCharts';
import { Empty, ErrorBox, Loading } from './Status';
import type { TimeRange } from './time';

interface Props {
  application: string | null;
  range: TimeRange;
  reload: number;
  agentHref: (agentId: string) => string;
}

/**
 * The application inspector: each metric averaged over the application's agents with the min–max band around
 * it; the tooltip names the agents holding the min and the max. Panels when the server groups them, else one
 * chart per metric name.
 */
export function AppInspectorView({ application, range, reload, agentHref }: Props) {
  const { from, to } = range;
  const r = useAsync(application ? (s) => getJson<AppInspector>(`/api/v1/applications/${encodeURIComponent(application)}/inspector`,
    { from, to }, s) : null, [application, from, to, reload]);
  if (!application) return <Empty>Pick an application to compare its agents.</Empty>;
  const d = r.data;
  const gap = d ? d.bucketMs * 2.5 : undefined;
  const panels = d?.panels ?? [];
  const byName = appSeriesCharts(d?.series);
  return (
    <div className="page" data-testid="app-inspector" data-application={application}>
      <section className="panel">
        <div className="panel-title">
          Application inspector · {application}
          {d && <span className="muted" data-testid="app-inspector-agents" data-count={d.agents.length}>
            {formatCount(d.agents.length)} agents: {d.agents.map((a, i) => (
              <span key={a}>{i > 0 && ', '}<a href={agentHref(a)} data-testid="app-inspector-agent">{a}</a></span>))}
          </span>}
          {d?.truncated && <span className="muted" data-testid="inspector-truncated">some metrics left out (too many)</span>}
        </div>
        {r.loading && !d && <Loading what="application metrics" />}
        {r.error && <ErrorBox message={`inspector: ${r.error}`} />}
        {d && !panels.length && !byName.length && <Empty>No metrics from the agents of {application} in this range.</Empty>}
        {d && <ChartGrid charts={panels.length ? panels.map(appPanelChart) : byName} from={from} to={to} maxGapMs={gap}
          testid="app-inspector-charts" />}
      </section>
      {d && panels.length > 0 && <CollapsibleCharts title="All metrics" charts={byName} from={from} to={to} maxGapMs={gap} />}
    </div>
  );
}
