import { formatCount, histogramBands, niceMax } from './format';
import { PALETTE } from './TimeSeriesChart';
import { formatTime } from './time';
import type { Histogram, Load } from './types';

const COLORS: Record<string, string> = { ok: '#34b27b', slow: '#f0a030', error: '#e5484d' };
const OK_SHADES = ['#34b27b', '#5ec0e6', '#3b82f6'];

function bandColor(kind: string, index: number) {
  return kind === 'ok' ? OK_SHADES[index % OK_SHADES.length] : COLORS[kind];
}

/** Response-time histogram as labelled bars. */
export function HistogramBars({ histogram, testid = 'histogram' }: { histogram: Histogram | undefined; testid?: string }) {
  const bands = histogramBands(histogram);
  const max = Math.max(1, ...bands.map((b) => b.count));
  return (
    <div className="histogram" data-testid={testid}>
      {bands.map((b, i) => (
        <div className="hbar" key={b.band} data-testid="histogram-bar" data-band={b.band} data-count={b.count}>
          <span className="hbar-label">{b.band}</span>
          <span className="hbar-track">
            <span className="hbar-fill" style={{ width: `${(100 * b.count) / max}%`, background: bandColor(b.kind, i) }} />
          </span>
          <span className="hbar-count">{formatCount(b.count)}</span>
        </div>
      ))}
    </div>
  );
}

/** Load over time: stacked bars per bucket, one colour per band. */
export function LoadChart({ load }: { load: Load | undefined }) {
  const points = load?.points ?? [];
  if (!points.length) return <div className="muted" data-testid="load-chart-empty">no load data</div>;
  const w = 340, h = 120, pad = 24;
  const totals = points.map(([, hist]) => Object.values(hist ?? {}).reduce((a, b) => a + Number(b), 0));
  const max = niceMax(Math.max(...totals));
  const bw = Math.max(1, (w - pad) / points.length - 1);
  const bandOrder = histogramBands(points[0][1]).map((b) => b.band);
  return (
    <svg className="load-chart" data-testid="load-chart" width={w} height={h + 16} data-buckets={points.length}>
      <text x={0} y={10} className="axis">{formatCount(max)}</text>
      <line x1={pad} x2={w} y1={h} y2={h} stroke="#ccc" />
      {points.map(([t, hist], i) => {
        let y = h;
        const x = pad + i * (bw + 1);
        return (
          <g key={t} data-testid="load-bucket" data-time={t} data-total={totals[i]}>
            <title>{`${formatTime(t)}: ${formatCount(totals[i])}`}</title>
            {histogramBands(hist).filter((b) => b.count > 0).map((b) => {
              const bh = ((h - 14) * b.count) / max;
              y -= bh;
              return <rect key={b.band} x={x} y={y} width={bw} height={bh} fill={bandColor(b.kind, bandOrder.indexOf(b.band))} />;
            })}
          </g>
        );
      })}
      <text x={pad} y={h + 13} className="axis">{formatTime(points[0][0])}</text>
      <text x={w} y={h + 13} className="axis" textAnchor="end">{formatTime(points[points.length - 1][0])}</text>
    </svg>
  );
}

/** One line of a {@link LineChart}: [time, value] points, oldest first. */
export interface ChartLine { label: string; points: [number, number][] }

const LINE_COLORS = PALETTE;

/**
 * Values over time: one polyline per line over [from, to], y from 0 to yMax, a legend with each line's
 * latest value (format gives the unit).
 */
export function LineChart({ lines, from, to, yMax, format, testid = 'line-chart' }: {
  lines: ChartLine[]; from: number; to: number; yMax: number; format: (v: number) => string; testid?: string }) {
  const w = 460, h = 150, left = 64, top = 6, bottom = 18;
  const span = to > from ? to - from : 1;
  const x = (t: number) => left + ((t - from) / span) * (w - left - 4);
  const y = (v: number) => top + (h - top - bottom) * (1 - Math.min(1, Math.max(0, v / (yMax || 1))));
  return (
    <div className="line-chart" data-testid={testid} data-lines={lines.length}>
      <svg width={w} height={h} viewBox={`0 0 ${w} ${h}`}>
        <text x={left - 4} y={top + 8} className="axis" textAnchor="end">{format(yMax)}</text>
        <text x={left - 4} y={h - bottom} className="axis" textAnchor="end">{format(0)}</text>
        <line x1={left} x2={w} y1={h - bottom} y2={h - bottom} stroke="#ccc" />
        {lines.map((l, i) => (
          <polyline key={l.label} data-testid="line-chart-line" data-label={l.label} data-points={l.points.length}
            fill="none" stroke={LINE_COLORS[i % LINE_COLORS.length]} strokeWidth={1.5}
            points={l.points.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ')} />
        ))}
        <text x={left} y={h - 4} className="axis">{formatTime(from)}</text>
        <text x={w} y={h - 4} className="axis" textAnchor="end">{formatTime(to)}</text>
      </svg>
      <div className="line-chart-legend">
        {lines.map((l, i) => {
          const last = l.points[l.points.length - 1];
          return (
            <span key={l.label} className="legend-item" data-testid="line-chart-legend" data-label={l.label}>
              <span className="legend-swatch" style={{ background: LINE_COLORS[i % LINE_COLORS.length] }} />
              {l.label}{last ? ` ${format(last[1])}` : ''}
            </span>
          );
        })}
      </div>
    </div>
  );
}
