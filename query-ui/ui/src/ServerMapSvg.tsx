import { useMemo } from 'react';
import { formatMs, formatShortCount } from './format';
import { BADGE, COUNT_Y, NAME_Y, NODE_R as R, TYPE_Y, drawMap } from './layout';
import type { Category, MapLink, MapNode, ServerMap } from './types';

export type Selection = { node: string } | { from: string; to: string } | null;

interface Props {
  map: ServerMap;
  center: string | null;
  selection: Selection;
  onSelect?: (s: Selection) => void;
  testid?: string;
}

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

/** The count drawn above a node (none above USER nodes), as Pinpoint shows it. */
function nodeCount(n: MapNode): string | null {
  if (n.category === 'USER') return null;
  return `${formatShortCount(n.totalCount)}${n.errorCount > 0 ? ` / ${formatShortCount(n.errorCount)} err` : ''}`;
}

function linkLabel(l: MapLink): string {
  return `${formatShortCount(l.totalCount)}${l.errorCount > 0 ? ` (${formatShortCount(l.errorCount)} err)` : ''}`;
}

const SHORT: Record<string, string> = { USER: 'USER', SERVER: 'APP', DATABASE: 'DB', CACHE: 'CACHE', QUEUE: 'MQ', UNKNOWN: 'EXT' };

export function ServerMapSvg({ map, center, selection, onSelect, testid = 'server-map' }: Props) {
  const layout = useMemo(() => drawMap(
    map.nodes.map((n) => ({ ...n, name: n.applicationName, type: n.serviceType, count: nodeCount(n) })),
    map.links.map((l) => ({ from: l.from, to: l.to, label: linkLabel(l) })), center), [map, center]);
  const selNode = selection && 'node' in selection ? selection.node : null;
  const selLink = selection && 'from' in selection ? selection : null;
  const w = Math.max(layout.width, 400);
  const h = Math.max(layout.height, 200);

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
        const c = layout.curves.get(`${l.from}->${l.to}`), lr = layout.labels.get(`${l.from}->${l.to}`);
        if (!c || !lr) return null;
        const d = `M${c.sx},${c.sy} Q${c.cx},${c.cy} ${c.ex},${c.ey}`;
        const st = health(l.totalCount, l.errorCount, l.slowCount ?? 0);
        const selected = selLink?.from === l.from && selLink?.to === l.to;
        return (
          <g key={`${l.from}->${l.to}`} className={`map-link ${st}${selected ? ' selected' : ''}${l.virtual ? ' virtual' : ''}`}
            data-testid="map-link" data-from={l.from} data-to={l.to} data-count={l.totalCount} data-errors={l.errorCount}
            data-slow={l.slowCount ?? 0} data-state={st}
            onClick={(e) => { e.stopPropagation(); onSelect?.({ from: l.from, to: l.to }); }}>
            <title>{`${l.from} → ${l.to}: ${l.totalCount} calls, ${l.errorCount} errors, avg ${formatMs(l.avgMs)}`}</title>
            <path d={d} className="link-hit" />
            <path d={d} className="link-line" markerEnd={`url(#arrow-${testid}-${selected ? 'sel' : st})`} />
            <text x={lr.x + lr.w / 2} y={lr.y + lr.h - 3} className="link-label" textAnchor="middle"
              data-testid="map-link-label" data-x={lr.x} data-y={lr.y} data-w={lr.w} data-h={lr.h}>
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
            <text y={NAME_Y} textAnchor="middle" className="node-name" data-testid="map-node-name">{n.applicationName}</text>
            <text y={TYPE_Y} textAnchor="middle" className="node-type">{n.serviceType}</text>
            <g transform={`translate(${BADGE.x + BADGE.w / 2},${BADGE.y})`} data-testid="map-node-badge">
              <rect x={-BADGE.w / 2} y={0} width={BADGE.w} height={BADGE.h} rx={7} className="badge" />
              <text y={BADGE.h - 4} textAnchor="middle" className="badge-text">{SHORT[n.category] ?? n.category}</text>
            </g>
            {nodeCount(n) != null && (
              <text y={COUNT_Y} textAnchor="middle" className="node-count" data-testid="map-node-count">{nodeCount(n)}</text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
