// Hash routes: every view is a deep link.
//   #/map?application=web&range=1h&inbound=1&outbound=1[&bidirectional=1][&node=<key> | &linkFrom=&linkTo=]
//        [&from=<ms>&to=<ms>][&refresh=1][&txFrom=&txTo=&minElapsed=&maxElapsed=]
//   #/transaction/<traceId or TxId>[?span=<spanId>]
//   #/agents?application=web&range=1h[&from=<ms>&to=<ms>][&agent=<agentId>]   (the agent list; agent: expanded)
//   #/host?name=<host>&range=1h[&from=<ms>&to=<ms>]   a host's CPU, memory, network and disk (host metrics)
//   #/inspector?application=&agent=&range=          the agent inspector
//   #/app-inspector?application=&range=             the application inspector
//   #/uri-stats?application=&range=[&sort=&limit=][&route=]   URI statistics; route: its series shown
//   #/sql-stats?application=&range=[&sort=&limit=]  #/external-stats?...   SQL and external-call statistics
//   #/realtime?application=                          active requests and live rates, polled
//   #/alarms?application=[&rule=<id>]                the application's alarm rules, their state, history and silences

/** Views addressed by their name alone (#/<view>?params). */
export const PAGE_VIEWS = ['agents', 'inspector', 'app-inspector', 'uri-stats', 'sql-stats', 'external-stats', 'realtime', 'host', 'alarms'] as const;
export type PageView = typeof PAGE_VIEWS[number];

export interface Route { view: 'map' | 'transaction' | PageView; id: string | null; params: URLSearchParams }

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#/, '');
  const q = h.indexOf('?');
  const path = q >= 0 ? h.slice(0, q) : h;
  const params = new URLSearchParams(q >= 0 ? h.slice(q + 1) : '');
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'transaction' && parts[1]) {
    return { view: 'transaction', id: decodeURIComponent(parts.slice(1).join('/')), params };
  }
  if ((PAGE_VIEWS as readonly string[]).includes(parts[0])) return { view: parts[0] as PageView, id: null, params };
  return { view: 'map', id: null, params };
}

export function formatHash(route: { view: Route['view']; id?: string | null; params?: URLSearchParams | Record<string, string | number | null | undefined> }): string {
  const p = new URLSearchParams();
  const src = route.params instanceof URLSearchParams ? Object.fromEntries(route.params) : route.params ?? {};
  for (const [k, v] of Object.entries(src)) if (v != null && v !== '') p.set(k, String(v));
  const qs = p.toString();
  const path = route.view === 'transaction' ? `/transaction/${encodeURIComponent(route.id ?? '')}`
    : route.view === 'map' ? '/map' : `/${route.view}`;
  return `#${path}${qs ? `?${qs}` : ''}`;
}

/** The same params with some keys replaced (null/undefined/'' removes). */
export function withParams(params: URLSearchParams, changes: Record<string, string | number | null | undefined>): URLSearchParams {
  const p = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) {
    if (v == null || v === '') p.delete(k);
    else p.set(k, String(v));
  }
  return p;
}

export function clampDepth(v: string | null): number {
  const n = Math.trunc(Number(v));
  return Number.isFinite(n) && n >= 1 ? Math.min(4, n) : 1;
}

/**
 * A transaction's deep link, carrying the map context it was opened from (application, range, depths,
 * selection) so the header and "back to the map" keep them: #/transaction/<id>?application=web&range=1h&...
 */
export function transactionHash(id: string, context: URLSearchParams): string {
  return formatHash({ view: 'transaction', id, params: context });
}

const TRACE_MARGIN_MS = 10 * 60_000;

/**
 * The context to restore on a transaction link that carries none (a bare #/transaction/<id> shared or typed):
 * the trace's entry application and a custom range around it (10 min either side). Null when the link
 * already names an application, or the trace gives no entry application.
 */
export function traceContext(params: URLSearchParams, trace: { application?: string | null; start: number; end: number }):
  URLSearchParams | null {
  if (params.get('application') || !trace.application || !(trace.end >= trace.start) || trace.start <= 0) return null;
  return withParams(params, {
    application: trace.application, range: null,
    from: Math.floor((trace.start - TRACE_MARGIN_MS) / 60_000) * 60_000,
    to: Math.ceil((trace.end + TRACE_MARGIN_MS) / 60_000) * 60_000,
  });
}

/** The header context every view keeps when the navigation moves between views. */
export const CONTEXT_PARAMS = ['application', 'range', 'from', 'to', 'refresh'];

/** A view's link carrying the current application and range (and any extra params). */
export function viewHref(view: Route['view'], params: URLSearchParams,
  extra: Record<string, string | number | null | undefined> = {}): string {
  const kept: Record<string, string | number | null | undefined> = {};
  for (const k of CONTEXT_PARAMS) kept[k] = params.get(k);
  return formatHash({ view, params: { ...kept, ...extra } });
}
