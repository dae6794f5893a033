import { useEffect, useMemo, useRef, useState } from 'react';
import { getJson } from './api';
import { formatCount, niceMax } from './format';
import { useAsync } from './hooks';
import { Empty, ErrorBox, Loading } from './Status';
import { formatTime } from './time';
import type { Dot, ScatterPage } from './types';

export interface Box { from: number; to: number; minElapsed: number; maxElapsed: number }

interface Props {
  application: string;
  agentId?: string | null;
  /** Only this URI route's transactions (as uri-stats names it). */
  route?: string | null;
  /** Drops the route filter (the chip's ×). */
  onClearRoute?: () => void;
  from: number;
  to: number;
  reload: number;
  box: Box | null;
  onBox: (box: Box | null) => void;
}

const W = 880, H = 320;
const M = { left: 56, right: 12, top: 12, bottom: 26 };
const PW = W - M.left - M.right, PH = H - M.top - M.bottom;
export const MAX_DOTS = 50_000;
const PAGE = 10_000;

/** Pixel ↔ value mapping for the plot area (pure; exported for tests). */
export function scatterScale(from: number, to: number, yMax: number) {
  return {
    x: (t: number) => M.left + ((t - from) / (to - from)) * PW,
    y: (ms: number) => M.top + PH - (Math.min(ms, yMax) / yMax) * PH,
    time: (px: number) => from + ((px - M.left) / PW) * (to - from),
    elapsed: (py: number) => ((M.top + PH - py) / PH) * yMax,
  };
}

export function Scatter({ application, agentId, route, onClearRoute, from, to, reload, box, onBox }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [drag, setDrag] = useState<{ x0: number; y0: number; x1: number; y1: number } | null>(null);
  const [showOk, setShowOk] = useState(true);
  const [showErr, setShowErr] = useState(true);

  const result = useAsync(async (signal) => {
    const dots: Dot[] = [];
    let cursor: string | null | undefined = undefined;
    let complete = false;
    while (dots.length < MAX_DOTS) {
      const page: ScatterPage = await getJson<ScatterPage>('/api/v1/scatter',
        { application, from, to, agentId, route, limit: Math.min(PAGE, MAX_DOTS - dots.length), cursor }, signal);
      for (const d of page.dots) dots.push(d);
      complete = page.complete;
      if (page.complete || !page.next || !page.dots.length) break;
      cursor = page.next;
    }
    return { dots, complete };
  }, [application, agentId, route, from, to, reload]);

  const dots = result.data?.dots ?? [];
  const yMax = useMemo(() => niceMax(dots.reduce((m, d) => Math.max(m, d.elapsedMs), 0) * 1.05 || 1000), [dots]);
  const errors = useMemo(() => dots.reduce((n, d) => n + (d.error ? 1 : 0), 0), [dots]);

  // Draw every dot once into the canvas (no per-dot DOM): successes first, errors on top.
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = W * dpr; c.height = H * dpr;
    const g = c.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, W, H);
    const s = scatterScale(from, to, yMax);
    g.strokeStyle = '#d0d5dd'; g.fillStyle = '#667085'; g.font = '10px sans-serif'; g.lineWidth = 1;
    g.beginPath();
    for (let i = 0; i <= 4; i++) {
      const v = (yMax * i) / 4, y = Math.round(s.y(v)) + 0.5;
      g.moveTo(M.left, y); g.lineTo(W - M.right, y);
      g.textAlign = 'right'; g.fillText(v >= 1000 ? `${v / 1000}s` : `${v}ms`, M.left - 4, y + 3);
    }
    for (let i = 0; i <= 4; i++) {
      const t = from + ((to - from) * i) / 4, x = Math.round(s.x(t)) + 0.5;
      g.moveTo(x, M.top); g.lineTo(x, M.top + PH);
      g.textAlign = i === 0 ? 'left' : i === 4 ? 'right' : 'center'; g.fillText(formatTime(t), x, H - 8);
    }
    g.stroke();
    const pass = (err: boolean, color: string) => {
      g.fillStyle = color;
      for (let i = 0; i < dots.length; i++) {
        const d = dots[i];
        if (d.error !== err) continue;
        g.fillRect(s.x(d.time) - 1.5, s.y(d.elapsedMs) - 1.5, 3, 3);
      }
    };
    if (showOk) pass(false, 'rgba(44,160,44,0.75)');
    if (showErr) pass(true, 'rgba(229,72,77,0.9)');
  }, [dots, from, to, yMax, showOk, showErr]);

  const pos = (e: React.MouseEvent) => {
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    return { x: Math.max(M.left, Math.min(W - M.right, e.clientX - r.left)), y: Math.max(M.top, Math.min(M.top + PH, e.clientY - r.top)) };
  };
  const finish = () => {
    if (!drag) return;
    setDrag(null);
    const s = scatterScale(from, to, yMax);
    if (Math.abs(drag.x1 - drag.x0) < 3 && Math.abs(drag.y1 - drag.y0) < 3) return;
    onBox({
      from: Math.floor(s.time(Math.min(drag.x0, drag.x1))), to: Math.ceil(s.time(Math.max(drag.x0, drag.x1))),
      minElapsed: Math.max(0, Math.floor(s.elapsed(Math.max(drag.y0, drag.y1)))), maxElapsed: Math.ceil(s.elapsed(Math.min(drag.y0, drag.y1))),
    });
  };

  let shown: { left: number; top: number; width: number; height: number } | null = null;
  if (drag) {
    shown = { left: Math.min(drag.x0, drag.x1), top: Math.min(drag.y0, drag.y1), width: Math.abs(drag.x1 - drag.x0), height: Math.abs(drag.y1 - drag.y0) };
  } else if (box && box.to > from && box.from < to) {
    const s = scatterScale(from, to, yMax);
    const x0 = Math.max(M.left, s.x(box.from)), x1 = Math.min(W - M.right, s.x(box.to));
    const y0 = s.y(box.maxElapsed), y1 = s.y(box.minElapsed);
    shown = { left: x0, top: y0, width: x1 - x0, height: y1 - y0 };
  }

  return (
    <section className="panel scatter" data-testid="scatter" data-application={application}>
      <div className="panel-title">
        Scatter · {application}{agentId ? ` · ${agentId}` : ''}
        {route && <span className="mono route-filter" data-testid="scatter-route">route {route}
          {onClearRoute && <button type="button" className="chip-clear" title="all routes" data-testid="scatter-route-clear"
            onClick={onClearRoute}>×</button>}</span>}
        <span className="scatter-legend">
          <label><input type="checkbox" data-testid="scatter-toggle-success" checked={showOk} onChange={(e) => setShowOk(e.target.checked)} /><i className="dot ok" /> success {formatCount(dots.length - errors)}</label>
          <label><input type="checkbox" data-testid="scatter-toggle-error" checked={showErr} onChange={(e) => setShowErr(e.target.checked)} /><i className="dot err" /> error {formatCount(errors)}</label>
        </span>
      </div>
      <div className="scatter-plot" style={{ width: W, height: H }}
        onMouseDown={(e) => { if (e.button === 0) { const p = pos(e); setDrag({ x0: p.x, y0: p.y, x1: p.x, y1: p.y }); e.preventDefault(); } }}
        onMouseMove={(e) => { if (drag) { const p = pos(e); setDrag({ ...drag, x1: p.x, y1: p.y }); } }}
        onMouseUp={finish} onMouseLeave={finish}>
        <canvas ref={canvas} data-testid="scatter-canvas" style={{ width: W, height: H }}
          data-dots={dots.length} data-errors={errors} data-y-max={yMax} data-from={from} data-to={to}
          data-plot-left={M.left} data-plot-top={M.top} data-plot-width={PW} data-plot-height={PH} />
        {shown && <div className="scatter-box" data-testid="scatter-selection" style={shown} />}
        {result.loading && <div className="overlay"><Loading what="scatter" /></div>}
        {!result.loading && !result.error && dots.length === 0 && <div className="overlay"><Empty>No transactions in this range.</Empty></div>}
      </div>
      {result.error && <ErrorBox message={`scatter: ${result.error}`} />}
      <div className="muted" data-testid="scatter-count" data-count={dots.length} data-complete={String(result.data?.complete ?? false)}>
        {formatCount(dots.length)} dots{result.data && !result.data.complete ? ` (first ${formatCount(MAX_DOTS)}; narrow the range for more)` : ''} · drag a box to list transactions
      </div>
    </section>
  );
}
