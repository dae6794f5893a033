import { formatCount, histogramBands, niceMax } from './format';
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
