import { useEffect, useMemo, useRef, useState } from 'react';
import { axisMax, formatTick, formatValue, unitLabel } from './format';
import { allTimes, bandPath, linePath, nearestTime, valueExtent, type Line } from './series';
import { formatTime } from './time';

export const PALETTE = ['#1570ef', '#f79009', '#12b76a', '#e5484d', '#7a5af8', '#0e9384', '#c11574', '#667085'];

interface Props {
  title: string;
  unit?: string | null;
  lines: Line[];
  /** The x domain; defaults to the first and last point. */
  from?: number;
  to?: number;
  /** A gap between points longer than this (ms) breaks the line. */
  maxGapMs?: number;
  /** Fixed width in px; by default the chart fills its card's width. */
  width?: number;
  height?: number;
  testid?: string;
  colors?: string[];
}

const M = { left: 64, right: 10, top: 8, bottom: 20 };

/**
 * A time-series line chart (SVG): one line per series, an optional min–max band around each, y from 0 (or the
 * lowest negative value) to a rounded maximum in the unit, and a hover cursor listing every line's value at
 * the nearest time (with the band's min and max and who holds them).
 */
export function TimeSeriesChart({ title, unit, lines, from, to, maxGapMs, width: fixedWidth, height = 170, testid = 'ts-chart',
  colors = PALETTE }: Props) {
  const [hover, setHover] = useState<number | null>(null);
  const body = useRef<HTMLDivElement>(null);
  const measured = useWidth(body, fixedWidth ?? 400);
  const width = fixedWidth ?? measured;
  const times = useMemo(() => allTimes(lines), [lines]);
  const pointCount = lines.reduce((n, l) => n + l.points.length, 0);
  const x0 = from ?? times[0] ?? 0;
  const x1 = to ?? times[times.length - 1] ?? 1;
  const visibleCount = lines.reduce((n, l) => n + l.points.filter(([t]) => t >= x0 && t <= x1).length, 0);
  const span = x1 > x0 ? x1 - x0 : 1;
  const [lo, hi] = valueExtent(lines);
  const yMin = lo < 0 ? -axisMax(-lo, unit) : 0;
  const yMax = hi > 0 ? axisMax(hi, unit) : 1;
  const pw = width - M.left - M.right, ph = height - M.top - M.bottom;
  const x = (t: number) => M.left + (times.length === 1 && from == null ? pw / 2 : ((t - x0) / span) * pw);
  const y = (v: number) => M.top + ph - ((v - yMin) / (yMax - yMin || 1)) * ph;
  const color = (i: number) => colors[i % colors.length];

  const onMove = (e: React.MouseEvent<SVGSVGElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const px = ((e.clientX - r.left) / r.width) * width;
    setHover(nearestTime(times, x0 + ((px - M.left) / pw) * span));
  };

  return (
    <div className="chart-card" data-testid={testid} data-title={title} data-points={pointCount}
      data-visible={visibleCount}>
      <div className="chart-title">
        <span>{title}</span>
        {unit && <span className="muted chart-unit">{unitLabel(unit)}</span>}
      </div>
      {/* A single line needs no legend; its row is kept so charts side by side stay aligned. */}
      <div className="chart-legend">
        {lines.length > 1 && lines.map((l, i) => (
          <span key={i} className="legend-item"><i style={{ background: color(i) }} />{l.label}</span>
        ))}
      </div>
      <div className="chart-body" ref={body}>
        <svg width={width} height={height} className="ts-chart" onMouseMove={onMove} onMouseLeave={() => setHover(null)}>
          {[yMin, (yMin + yMax) / 2, yMax].map((v) => (
            <g key={v}>
              <line x1={M.left} x2={width - M.right} y1={y(v)} y2={y(v)} className="grid-line" />
              <text x={M.left - 4} y={y(v) + 3} textAnchor="end" className="axis">{formatTick(v, unit)}</text>
            </g>
          ))}
          <text x={M.left} y={height - 5} className="axis">{formatTime(x0)}</text>
          <text x={width - M.right} y={height - 5} textAnchor="end" className="axis">{formatTime(x1)}</text>
          {pointCount === 0 && <text x={M.left + pw / 2} y={M.top + ph / 2} textAnchor="middle" className="axis" data-testid="ts-empty">no data</text>}
          {lines.map((l, i) => l.band && l.band.length > 0 && (
            <path key={`b${i}`} d={bandPath(l.band, x, y)} fill={color(i)} fillOpacity={0.15} stroke="none"
              data-testid="ts-band" data-points={l.band.length} />
          ))}
          {lines.map((l, i) => (
            <g key={i}>
              <path d={linePath(l.points, x, y, maxGapMs)} fill="none" stroke={color(i)} strokeWidth={1.6}
                data-testid="ts-line" data-label={l.label} data-points={l.points.length} />
              {/* A point without neighbours is a dot, else no line would show it. */}
              {l.points.length <= 2 && l.points.map(([t, v]) => <circle key={t} cx={x(t)} cy={y(v)} r={2.5} fill={color(i)} />)}
            </g>
          ))}
          {hover != null && <line x1={x(hover)} x2={x(hover)} y1={M.top} y2={M.top + ph} className="cursor-line" />}
        </svg>
        {hover != null && (
          <div className="chart-tip" data-testid="chart-tip"
            style={x(hover) > width / 2 ? { right: width - x(hover) + 8 } : { left: x(hover) + 8 }}>
            <div className="muted">{formatTime(hover)}</div>
            {lines.map((l, i) => <TipRow key={i} line={l} time={hover} unit={unit} color={color(i)} />)}
          </div>
        )}
      </div>
    </div>
  );
}

function TipRow({ line, time, unit, color }: { line: Line; time: number; unit?: string | null; color: string }) {
  const v = line.points.find(([t]) => t === time)?.[1];
  const b = line.band?.find(([t]) => t === time);
  if (v == null && !b) return null;
  return (
    <div>
      <i className="tip-swatch" style={{ background: color }} />{line.label}: <b>{formatValue(v, unit)}</b>
      {b && (
        <div className="tip-band" data-testid="chart-tip-band">
          min {formatValue(b[1], unit)}{b[3] ? ` (${b[3]})` : ''} · max {formatValue(b[2], unit)}{b[4] ? ` (${b[4]})` : ''}
        </div>
      )}
    </div>
  );
}

/** The width of an element (kept current as it resizes), or the fallback before it is laid out. */
function useWidth(ref: React.RefObject<HTMLElement | null>, fallback: number): number {
  const [w, setW] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([e]) => { const cw = Math.floor(e.contentRect.width); if (cw > 0) setW(cw); });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return w;
}
