import { useCallback, useEffect, useMemo, useState } from 'react';
import { AgentInspectorView } from './AgentInspectorView';
import { AgentsView } from './AgentsView';
import { AlarmsView } from './AlarmsView';
import { AppInspectorView } from './AppInspectorView';
import { Header } from './Header';
import { HostView } from './HostView';
import { MapView } from './MapView';
import { Nav } from './Nav';
import { RealtimeView } from './RealtimeView';
import { formatHash, parseHash, traceContext, transactionHash, viewHref, withParams, type Route } from './route';
import { ExternalStatsView, SqlStatsView } from './SqlStatsView';
import { parseRange } from './time';
import { TransactionView } from './TransactionView';
import { UriStatsView } from './UriStatsView';

const REFRESH_MS = 10_000;

function useHashRoute(): [Route, (hash: string) => void, (hash: string) => void] {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const on = () => setHash(window.location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const go = useCallback((h: string) => {
    if (h !== window.location.hash) window.location.hash = h;
    setHash(h);
  }, []);
  const replace = useCallback((h: string) => { window.history.replaceState(null, '', h); setHash(h); }, []);
  return [useMemo(() => parseHash(hash), [hash]), go, replace];
}

// Map params the transaction view keeps so "back" and the header return to the same map.
const CONTEXT_KEYS = ['application', 'range', 'from', 'to', 'inbound', 'outbound', 'bidirectional', 'refresh', 'node', 'linkFrom', 'linkTo', 'txFrom', 'txTo', 'minElapsed', 'maxElapsed', 'route'];

export function App() {
  const [route, go, replace] = useHashRoute();
  const [now, setNow] = useState(() => Date.now());
  const [reload, setReload] = useState(0);
  const params = route.params;
  const refresh = params.get('refresh') === '1';
  const range = useMemo(() => parseRange(params, now), [params, now]);

  // Presets are re-resolved against "now" when the application or range changes (not on every click
  // inside a view, which would reload the map); auto-refresh ticks every 10 s; the ↻ button on demand.
  const rangeKey = ['application', 'range', 'from', 'to'].map((k) => params.get(k)).join('|');
  useEffect(() => { setNow(Date.now()); }, [rangeKey]);
  useEffect(() => {
    if (!refresh || !range.preset) return;
    const t = setInterval(() => { setNow(Date.now()); setReload((r) => r + 1); }, REFRESH_MS);
    return () => clearInterval(t);
  }, [refresh, range.preset]);

  const mapParams = useMemo(() => {
    const p = new URLSearchParams();
    for (const k of CONTEXT_KEYS) { const v = params.get(k); if (v != null) p.set(k, v); }
    return p;
  }, [params]);

  const changeMap = (changes: Record<string, string | number | null>) =>
    go(formatHash({ view: 'map', params: withParams(mapParams, changes) }));
  // A page (agents, inspectors, statistics…) stays itself when the header changes the application or range;
  // another application drops the page's own selection (agent, route).
  const changePage = (changes: Record<string, string | number | null>) =>
    go(formatHash({ view: route.view, params: withParams(params, 'application' in changes ? { ...changes, agent: null, route: null } : changes) }));
  const changeHeader = route.view === 'map' || route.view === 'transaction' ? changeMap : changePage;
  const inspectorHref = (application: string, agent: string) => viewHref('inspector', params, { application, agent });
  // The host view keeps its page when the header changes the range; another application opens its map.
  const onHeader = route.view !== 'host' ? changeHeader : (changes: Record<string, string | number | null>) =>
    'application' in changes ? changeMap(changes) : go(formatHash({ view: 'host', params: withParams(params, changes) }));
  const hostHref = (host: string) => formatHash({ view: 'host', params: {
    name: host, ...Object.fromEntries(['range', 'from', 'to', 'refresh'].map((k) => [k, params.get(k)])) } });
  const agentsHref = (application: string | null, agent?: string) => formatHash({ view: 'agents', params: {
    application, agent, ...Object.fromEntries(['range', 'from', 'to', 'refresh'].map((k) => [k, params.get(k)])) } });

  return (
    <div className="app" data-testid="app" data-view={route.view}>
      <Header application={params.get('application')} range={range} refresh={refresh} onChange={onHeader}
        agentsHref={params.get('application') ? agentsHref(params.get('application')) : null}
        timeControls={route.view !== 'realtime' && route.view !== 'alarms' /* they poll their own now */}
        onReload={() => { setNow(Date.now()); setReload((r) => r + 1); }} key={range.preset ?? `${range.from}-${range.to}`} />
      <Nav view={route.view} params={params} />
      <main>
        {route.view === 'map' && (
          <MapView params={params} range={range} reload={reload} onChange={changeMap} agentHref={agentsHref} inspectorHref={inspectorHref}
            traceHref={(id) => transactionHash(id, mapParams)} onOpenTrace={(id) => go(transactionHash(id, mapParams))} />
        )}
        {route.view === 'agents' && (
          <AgentsView application={params.get('application')} range={range} reload={reload} expanded={params.get('agent')}
            hostHref={hostHref} onExpand={(agent) => go(formatHash({ view: 'agents', params: withParams(params, { agent }) }))}
            mapHref={formatHash({ view: 'map', params: withParams(mapParams, { node: null, linkFrom: null, linkTo: null }) })}
            inspectorHref={(agent) => inspectorHref(params.get('application') ?? '', agent)} />
        )}
        {route.view === 'inspector' && (
          <AgentInspectorView application={params.get('application')} agent={params.get('agent')} range={range} reload={reload}
            onAgent={(agent) => changePage({ agent })} />
        )}
        {route.view === 'app-inspector' && (
          <AppInspectorView application={params.get('application')} range={range} reload={reload}
            agentHref={(agent) => inspectorHref(params.get('application') ?? '', agent)} />
        )}
        {route.view === 'uri-stats' && (
          <UriStatsView params={params} range={range} reload={reload} onChange={changePage}
            scatterHref={(r) => viewHref('map', params, { route: r })} traceHref={(id) => transactionHash(id, mapParams)} />
        )}
        {route.view === 'sql-stats' && (
          <SqlStatsView params={params} range={range} reload={reload} onChange={changePage} traceHref={(id) => transactionHash(id, mapParams)} />
        )}
        {route.view === 'external-stats' && (
          <ExternalStatsView params={params} range={range} reload={reload} onChange={changePage} traceHref={(id) => transactionHash(id, mapParams)} />
        )}
        {route.view === 'realtime' && <RealtimeView application={params.get('application')} />}
        {route.view === 'alarms' && <AlarmsView application={params.get('application')} selectedRule={params.get('rule')} />}
        {route.view === 'host' && <HostView host={params.get('name')} range={range} reload={reload} />}
        {route.view === 'transaction' && route.id && (
          <TransactionView id={route.id} selectedSpan={params.get('span')}
            backHref={formatHash({ view: 'map', params: mapParams })}
            onSelectSpan={(span) => go(formatHash({ view: 'transaction', id: route.id, params: withParams(params, { span }) }))}
            onLoaded={(t) => { const p = traceContext(params, t); if (p) replace(transactionHash(route.id!, p)); }} />
        )}
      </main>
    </div>
  );
}
