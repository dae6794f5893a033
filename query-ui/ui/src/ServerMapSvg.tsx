import { useMemo } from 'react';
import { formatMs, formatShortCount } from './format';
import { layoutMap } from './layout';
import type { Category, MapLink, MapNode, ServerMap } from './types';

export type Selection = { node: string } | { from: string; to: string } | null;

interface Props {
  map: ServerMap;
  center: string | null;
  selection: Selection;
  onSelect?: (s: Selection) => void;
  testid?: string;
}

const R = 30; // node radius

function health(total: number, errors: number, slow: number): 'error' | 'slow' | 'ok' {
  if (errors > 0) return 'error';
  if (slow > 0) return 'slow';
  return 'ok';
}

function Icon({ category }: { category: Category | string }) {
  switch (category) {
    case 'USER':
      return <g className="icon"><circle cx={0} cy={-8} r={7} /><path d="M-13 12 Q-13 -1 0 -1 Q13 -1 13 12 Z" /></g>;
    case 'SERVER':
      return <g className="icon"><rect x={-12} y={-14} width={24} height={26} rx={2} /><line x1={-8} x2={8} y1={-7} y2={-7} /><line x1={-8} x2={8} y1={0} y2={0} /><line x1={-8} x2={8} y1={7} y2={7} /></g>;
    case 'DATABASE':
      return <g className="icon"><path d="M-12 -9 V9 A12 4 0 0 0 12 9 V-9" /><ellipse cx={0} cy={-9} rx={12} ry={4} /><path d="M-12 0 A12 4 0 0 0 12 0" fill="none" /></g>;
    case 'CACHE':
      return <g className="icon"><path d="M3 -14 L-9 2 H-1 L-4 14 L9 -3 H1 Z" /></g>;
    case 'QUEUE':
      return <g className="icon"><rect x={-13} y={-10} width={7} height={20} /><rect x={-3} y={-10} width={7} height={20} /><rect x={7} y={-10} width={7} height={20} /></g>;
    default:
      return <g className="icon"><path d="M-12 8 A6 6 0 0 1 -10 -3 A8 8 0 0 1 5 -7 A7 7 0 0 1 13 4 A4 4 0 0 1 11 8 Z" /></g>;
  }
}

const SHORT: Record<string, string> = { USER: 'USER', SERVER: 'APP', DATABASE: 'DB', CACHE: 'CACHE', QUEUE: 'MQ', UNKNOWN: 'EXT' };

export function ServerMapSvg({ map, center, selection, onSelect, testid = 'server-map' }: Props) {
  const layout = useMemo(() => layoutMap(map.nodes, map.links, center), [map, center]);
  const selNode = selection && 'node' in selection ? selection.node : null;
  const selLink = selection && 'from' in selection ? selection : null;
  const w = Math.max(layout.width, 400);
  const h = Math.max(layout.height, 200);

  const linkPath = (l: MapLink) => {
    const a = layout.positions.get(l.from), b = layout.positions.get(l.to);
    if (!a || !b) return null;
    const dx = b.x - a.x, dy = b.y - a.y;
    const len = Math.hypot(dx, dy) || 1;
    const sx = a.x + (dx / len) * R, sy = a.y + (dy / len) * R;
    const ex = b.x - (dx / len) * (R + 6), ey = b.y - (dy / len) * (R + 6);
    const backwards = b.layer <= a.layer; // same layer or a back edge: bend it so it stays visible
    const bend = backwards ? 60 : 0;
    const cx = (sx + ex) / 2 - (dy / len) * bend, cy = (sy + ey) / 2 + (dx / len) * bend;
    return { d: `M${sx},${sy} Q${cx},${cy} ${ex},${ey}`, lx: (sx + 2 * cx + ex) / 4, ly: (sy + 2 * cy + ey) / 4 };
  };

  return (
    <svg className="server-map" data-testid={testid} width={w} height={h} viewBox={`0 0 ${w} ${h}`}
      data-nodes={map.nodes.length} data-links={map.links.length} onClick={() => onSelect?.(null)}>
      <defs>
        {['ok', 'slow', 'error', 'sel'].map((k) => (
          <marker key={k} id={`arrow-${testid}-${k}`} viewBox="0 0 10 10" refX={8} refY={5} markerWidth={7} markerHeight={7} orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" className={`arrowhead ${k}`} />
          </marker>
        ))}
      </defs>
      {map.links.map((l) => {
        const p = linkPath(l);
        if (!p) return null;
        const st = health(l.totalCount, l.errorCount, l.slowCount ?? 0);
        const selected = selLink?.from === l.from && selLink?.to === l.to;
        return (
          <g key={`${l.from}->${l.to}`} className={`map-link ${st}${selected ? ' selected' : ''}${l.virtual ? ' virtual' : ''}`}
            data-testid="map-link" data-from={l.from} data-to={l.to} data-count={l.totalCount} data-errors={l.errorCount}
            data-slow={l.slowCount ?? 0} data-state={st}
            onClick={(e) => { e.stopPropagation(); onSelect?.({ from: l.from, to: l.to }); }}>
            <title>{`${l.from} → ${l.to}: ${l.totalCount} calls, ${l.errorCount} errors, avg ${formatMs(l.avgMs)}`}</title>
            <path d={p.d} className="link-hit" />
            <path d={p.d} className="link-line" markerEnd={`url(#arrow-${testid}-${selected ? 'sel' : st})`} />
            <text x={p.lx} y={p.ly - 6} className="link-label" textAnchor="middle">
              <tspan data-testid="map-link-count">{formatShortCount(l.totalCount)}</tspan>
              {l.errorCount > 0 && <tspan data-testid="map-link-errors" className="err"> ({formatShortCount(l.errorCount)} err)</tspan>}
            </text>
          </g>
        );
      })}
      {map.nodes.map((n: MapNode) => {
        const p = layout.positions.get(n.key);
        if (!p) return null;
        const st = health(n.totalCount, n.errorCount, n.slowCount ?? 0);
        const selected = selNode === n.key;
        const isCenter = n.key === center || (center != null && n.applicationName === center && n.category === 'SERVER');
        return (
          <g key={n.key} transform={`translate(${p.x},${p.y})`}
            className={`map-node cat-${n.category} ${st}${selected ? ' selected' : ''}${isCenter ? ' center' : ''}`}
            data-testid="map-node" data-key={n.key} data-category={n.category} data-name={n.applicationName}
            data-service-type={n.serviceType} data-count={n.totalCount} data-errors={n.errorCount} data-state={st}
            onClick={(e) => { e.stopPropagation(); onSelect?.({ node: n.key }); }}>
            <title>{`${n.key}: ${n.totalCount} calls, ${n.errorCount} errors`}</title>
            <circle r={R} className="node-circle" />
            <Icon category={n.category} />
            <text y={R + 14} textAnchor="middle" className="node-name" data-testid="map-node-name">{n.applicationName}</text>
            <text y={R + 27} textAnchor="middle" className="node-type">{n.serviceType}</text>
            <g transform={`translate(${R - 6},${-R + 2})`} data-testid="map-node-badge">
              <rect x={-16} y={-9} width={32} height={14} rx={7} className="badge" />
              <text y={2} textAnchor="middle" className="badge-text">{SHORT[n.category] ?? n.category}</text>
            </g>
            {n.category !== 'USER' && (
              <text y={-R - 6} textAnchor="middle" className="node-count" data-testid="map-node-count">
                {formatShortCount(n.totalCount)}{n.errorCount > 0 ? ` / ${formatShortCount(n.errorCount)} err` : ''}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
