import { viewHref, type Route } from './route';

/** The views of an application, in the order of the header's tabs. */
export const NAV_TABS: { view: Route['view']; label: string }[] = [
  { view: 'map', label: 'Map' },
  { view: 'agents', label: 'Agents' },
  { view: 'inspector', label: 'Inspector' },
  { view: 'app-inspector', label: 'App inspector' },
  { view: 'uri-stats', label: 'URI' },
  { view: 'sql-stats', label: 'SQL' },
  { view: 'external-stats', label: 'External' },
  { view: 'realtime', label: 'Real-time' },
  { view: 'alarms', label: 'Alarms' },
];

/** Tabs to the application's views; each link keeps the application and time range. */
export function Nav({ view, params }: { view: Route['view']; params: URLSearchParams }) {
  return (
    <nav className="nav-tabs" data-testid="nav">
      {NAV_TABS.map((t) => (
        <a key={t.view} href={viewHref(t.view, params)} data-testid="nav-tab" data-view={t.view}
          className={t.view === view || (view === 'transaction' && t.view === 'map') ? 'active' : ''}>{t.label}</a>
      ))}
    </nav>
  );
}
