import { getJson } from './api';
import { HistogramBars, LoadChart } from './Charts';
import { formatCount, formatMs } from './format';
import { useAsync } from './hooks';
import { clampDepth } from './route';
import { Scatter, type Box } from './Scatter';
import { ServerMapSvg, type Selection } from './ServerMapSvg';
import { Empty, ErrorBox, Loading } from './Status';
import { TransactionList } from './TransactionList';
import type { TimeRange } from './time';
import type { LinkDetail, MapNode, NodeDetail, ServerMap } from './types';

interface Props {
  params: URLSearchParams;
  range: TimeRange;
  reload: number;
  onChange: (changes: Record<string, string | number | null>) => void;
  onOpenTrace: (id: string) => void;
  /** The agent list of an application, opened at one agent. */
  agentHref: (application: string, agentId: string) => string;
  /** The agent inspector of one agent. */
  inspectorHref?: (application: string, agentId: string) => string;
  traceHref: (id: string) => string;
}

export function MapView({ params, range, reload, onChange, onOpenTrace, agentHref, inspectorHref, traceHref }: Props) {
  const application = params.get('application');
  const inbound = clampDepth(params.get('inbound'));
  const outbound = clampDepth(params.get('outbound'));
  const bidirectional = params.get('bidirectional') === '1';
  const { from, to } = range;
  // A route from the URI statistics filters the scatter and its transactions.
  const route = params.get('route');

  const map = useAsync(application ? (s) => getJson<ServerMap>('/api/v1/servermap',
    { application, from, to, inbound, outbound, bidirectional }, s) : null,
  [application, from, to, inbound, outbound, bidirectional, reload]);

  if (!application) return <Empty>Pick an application to see its server map.</Empty>;

  const nodeKey = params.get('node');
  const linkFrom = params.get('linkFrom'), linkTo = params.get('linkTo');
  const selection: Selection = nodeKey ? { node: nodeKey } : linkFrom && linkTo ? { from: linkFrom, to: linkTo } : null;
  const nodes = map.data?.nodes ?? [];
  const center = nodes.find((n) => n.applicationName === application && n.category === 'SERVER')?.key ?? null;
  const selectedNode = nodeKey ? nodes.find((n) => n.key === nodeKey) : undefined;
  // The scatter follows the selected application node (Pinpoint shows it per server node).
  const scatterApp = selectedNode && selectedNode.category === 'SERVER' ? selectedNode.applicationName : application;
  const box: Box | null = params.has('txFrom') && params.has('txTo') ? {
    from: Number(params.get('txFrom')), to: Number(params.get('txTo')),
    minElapsed: Number(params.get('minElapsed') ?? 0), maxElapsed: Number(params.get('maxElapsed') ?? 0),
  } : null;

  const select = (s: Selection) => onChange(s == null ? { node: null, linkFrom: null, linkTo: null }
    : 'node' in s ? { node: s.node, linkFrom: null, linkTo: null } : { node: null, linkFrom: s.from, linkTo: s.to });

  return (
    <div className="map-view" data-testid="map-view">
      <div className="toolbar" data-testid="map-toolbar">
        <label>Inbound <select data-testid="depth-inbound" value={inbound} onChange={(e) => onChange({ inbound: e.target.value })}>
          {[1, 2, 3, 4].map((d) => <option key={d} value={d}>{d}</option>)}</select></label>
        <label>Outbound <select data-testid="depth-outbound" value={outbound} onChange={(e) => onChange({ outbound: e.target.value })}>
          {[1, 2, 3, 4].map((d) => <option key={d} value={d}>{d}</option>)}</select></label>
        <label><input type="checkbox" data-testid="bidirectional" checked={bidirectional}
          onChange={(e) => onChange({ bidirectional: e.target.checked ? 1 : null })} /> bidirectional</label>
        {map.loading && <span className="muted" data-testid="map-loading">loading…</span>}
      </div>
      <div className="map-row">
        <section className="panel map-panel" data-testid="map-panel">
          {map.error && <ErrorBox message={`server map: ${map.error}`} />}
          {!map.data && map.loading && <Loading what="server map" />}
          {map.data && nodes.length === 0 && <Empty>No calls recorded for {application} in this range.</Empty>}
          {map.data && nodes.length > 0 && (
            <div className="map-scroll">
              <ServerMapSvg map={map.data} center={center} selection={selection} onSelect={select} />
            </div>
          )}
        </section>
        <aside className="panel side" data-testid="side-panel">
          {selection == null && <div className="muted" data-testid="side-hint">Click a node or a link for its histogram, load and instances.</div>}
          {selection && 'node' in selection && (
            <NodePanel application={application} node={selectedNode} nodeKey={selection.node} from={from} to={to} reload={reload}
              agentHref={agentHref} inspectorHref={inspectorHref} />
          )}
          {selection && 'from' in selection && (
            <LinkPanel application={application} source={selection.from} target={selection.to} from={from} to={to} reload={reload} />
          )}
        </aside>
      </div>
      <div className="map-row">
        <Scatter application={scatterApp} route={route} onClearRoute={() => onChange({ route: null })} from={from} to={to} reload={reload} box={box}
          onBox={(b) => onChange(b ? { txFrom: b.from, txTo: b.to, minElapsed: b.minElapsed, maxElapsed: b.maxElapsed }
            : { txFrom: null, txTo: null, minElapsed: null, maxElapsed: null })} />
      </div>
      {box && (
        <TransactionList application={scatterApp} route={route} box={box} reload={reload} onOpen={onOpenTrace} hrefOf={traceHref}
          onClear={() => onChange({ txFrom: null, txTo: null, minElapsed: null, maxElapsed: null })} />
      )}
    </div>
  );
}

function Summary({ total, errors, avg, max }: { total: number; errors: number; avg?: number; max?: number }) {
  return (
    <dl className="summary" data-testid="side-summary">
      <dt>Total</dt><dd data-testid="side-total">{formatCount(total)}</dd>
      <dt>Errors</dt><dd data-testid="side-errors" className={errors ? 'err' : ''}>{formatCount(errors)}</dd>
      <dt>Avg</dt><dd data-testid="side-avg">{formatMs(avg)}</dd>
      <dt>Max</dt><dd data-testid="side-max">{formatMs(max)}</dd>
    </dl>
  );
}

function NodePanel({ application, node, nodeKey, from, to, reload, agentHref, inspectorHref }: { application: string; node?: MapNode; nodeKey: string; from: number; to: number; reload: number;
  agentHref: (application: string, agentId: string) => string; inspectorHref?: (application: string, agentId: string) => string }) {
  const r = useAsync((s) => getJson<NodeDetail>('/api/v1/servermap/node', { application, key: nodeKey, from, to }, s),
    [application, nodeKey, from, to, reload]);
  const d = r.data;
  const instances = d?.instances ?? [];
  return (
    <div data-testid="node-panel" data-key={nodeKey}>
      <h3 className="side-title">{node?.applicationName ?? nodeKey} <span className="muted">{node?.serviceType}</span></h3>
      {r.loading && <Loading what="node" />}
      {r.error && <ErrorBox message={`node: ${r.error}`} />}
      {d && (
        <>
          <DetailStats detail={d} />
          <h4>Instances ({instances.length})</h4>
          {instances.length === 0 ? <div className="muted" data-testid="instances-empty">no instances (terminal node)</div> : (
            <table className="grid compact" data-testid="instance-list">
              <thead><tr><th>Agent</th><th>Host</th><th>Total</th><th>Errors</th></tr></thead>
              <tbody>{instances.map((i) => (
                <tr key={i.agentId} data-testid="instance-row" data-agent-id={i.agentId}>
                  <td className="mono">{node ? <><a href={agentHref(node.applicationName, i.agentId)} data-testid="instance-agent-link">{i.agentId}</a>
                    {inspectorHref && <a className="inspect-link" href={inspectorHref(node.applicationName, i.agentId)} data-testid="instance-inspect-link">inspect</a>}</> : i.agentId}</td>
                  <td>{i.hostname ?? ''}</td>
                  <td className="num">{formatCount(i.totalCount)}</td><td className={`num${i.errorCount ? ' err' : ''}`}>{formatCount(i.errorCount)}</td>
                </tr>))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}

/** What the node and link panels share: totals, the response-time histogram and the load chart. */
function DetailStats({ detail: d }: { detail: NodeDetail | LinkDetail }) {
  return (
    <>
      <Summary total={d.totalCount} errors={d.errorCount} avg={d.avgMs} max={d.maxMs} />
      <h4>Response time</h4>
      <HistogramBars histogram={d.histogram} testid="side-histogram" />
      <h4>Load</h4>
      <LoadChart load={d.load} />
    </>
  );
}

function LinkPanel({ application, source, target, from, to, reload }: { application: string; source: string; target: string; from: number; to: number; reload: number }) {
  const r = useAsync((s) => getJson<LinkDetail>('/api/v1/servermap/link', { application, source, target, from, to }, s),
    [application, source, target, from, to, reload]);
  const d = r.data;
  return (
    <div data-testid="link-panel" data-from={source} data-to={target}>
      <h3 className="side-title">{source} → {target}</h3>
      {r.loading && <Loading what="link" />}
      {r.error && <ErrorBox message={`link: ${r.error}`} />}
      {d && <DetailStats detail={d} />}
    </div>
  );
}
