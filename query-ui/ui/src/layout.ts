// A simple layered layout for the server map: callers left, the selected application in the middle,
// callees right. Layer = shortest outbound distance from the centre (positive) or inbound distance
// (negative); USER nodes sit one layer left of what they call; nodes in one layer are spread vertically.

export interface LayoutInput { key: string; category?: string }
export interface Point { x: number; y: number; layer: number }
export interface Layout { positions: Map<string, Point>; width: number; height: number }

export const LAYER_GAP = 230;
export const ROW_GAP = 125;
export const MARGIN = 80;

export function layoutMap(
  nodes: LayoutInput[], links: { from: string; to: string }[], center: string | null,
): Layout {
  const keys = nodes.map((n) => n.key);
  const known = new Set(keys);
  const out = new Map<string, string[]>();
  const inn = new Map<string, string[]>();
  for (const l of links) {
    if (!known.has(l.from) || !known.has(l.to) || l.from === l.to) continue;
    (out.get(l.from) ?? out.set(l.from, []).get(l.from)!).push(l.to);
    (inn.get(l.to) ?? inn.set(l.to, []).get(l.to)!).push(l.from);
  }
  const layer = new Map<string, number>();
  const root = center && known.has(center) ? center : pickRoot(keys, inn);
  if (root != null) {
    bfs(root, out, 1, layer);
    bfs(root, inn, -1, layer);
  }
  // Whatever is still unplaced (disconnected parts): place from their own roots.
  for (const k of keys) {
    if (!layer.has(k)) bfs(pickRoot(keys.filter((x) => !layer.has(x)), inn)!, out, 1, layer);
  }
  // USER nodes: one layer before the leftmost node they call.
  for (const n of nodes) {
    if (n.category === 'USER') {
      const targets = (out.get(n.key) ?? []).map((t) => layer.get(t) ?? 0);
      if (targets.length) layer.set(n.key, Math.min(...targets) - 1);
    }
  }
  const byLayer = new Map<number, string[]>();
  for (const k of keys) {
    const l = layer.get(k) ?? 0;
    (byLayer.get(l) ?? byLayer.set(l, []).get(l)!).push(k);
  }
  const layers = [...byLayer.keys()].sort((a, b) => a - b);
  const minLayer = layers.length ? layers[0] : 0;
  const tallest = Math.max(1, ...[...byLayer.values()].map((v) => v.length));
  const height = MARGIN * 2 + (tallest - 1) * ROW_GAP;
  const positions = new Map<string, Point>();
  for (const l of layers) {
    const members = byLayer.get(l)!.sort();
    const span = (members.length - 1) * ROW_GAP;
    members.forEach((k, i) => {
      positions.set(k, { x: MARGIN + (l - minLayer) * LAYER_GAP, y: height / 2 - span / 2 + i * ROW_GAP, layer: l });
    });
  }
  const width = MARGIN * 2 + (layers.length ? layers[layers.length - 1] - minLayer : 0) * LAYER_GAP;
  return { positions, width, height };
}

function pickRoot(keys: string[], inn: Map<string, string[]>): string | null {
  if (!keys.length) return null;
  return keys.find((k) => !(inn.get(k)?.length)) ?? keys[0];
}

function bfs(start: string, edges: Map<string, string[]>, sign: number, layer: Map<string, number>) {
  if (!layer.has(start)) layer.set(start, 0);
  const base = layer.get(start)!;
  const seen = new Set([start]);
  let frontier = [start];
  let d = 0;
  while (frontier.length) {
    d++;
    const next: string[] = [];
    for (const k of frontier) {
      for (const t of edges.get(k) ?? []) {
        if (seen.has(t)) continue;
        seen.add(t);
        if (!layer.has(t)) layer.set(t, base + sign * d);
        next.push(t);
      }
    }
    frontier = next;
  }
}

// ---- Drawing geometry: what the SVG draws around a node, link curves, and where link labels go. ----

export interface Rect { x: number; y: number; w: number; h: number }

/** Node circle radius; the parts below are relative to the node's centre. */
export const NODE_R = 30;
/** The category badge, at the circle's top right. */
export const BADGE = { x: NODE_R - 22, y: -NODE_R - 7, w: 32, h: 14 };
/** Baselines of the count (above the circle, clear of the badge), the name and the type (below). */
export const COUNT_Y = -NODE_R - 12;
export const NAME_Y = NODE_R + 14;
export const TYPE_Y = NODE_R + 27;
export const LABEL_H = 14;

/** A generous estimate of a text's width (no DOM measuring): px per character by font size. */
export function textWidth(text: string, fontPx: number, bold = false): number {
  return Math.ceil(text.length * fontPx * (bold ? 0.64 : 0.6)) + 4;
}

export interface NodeDrawing { key: string; name: string; type: string; count: string | null }

/** The rectangles a drawn node occupies (circle, badge, count, name, type), in map coordinates. */
export function nodeRects(p: { x: number; y: number }, n: NodeDrawing): Rect[] {
  const centred = (w: number, baseline: number, fontPx: number): Rect =>
    ({ x: p.x - w / 2, y: p.y + baseline - fontPx, w, h: fontPx + 3 });
  const rects = [
    { x: p.x - NODE_R, y: p.y - NODE_R, w: 2 * NODE_R, h: 2 * NODE_R },
    { x: p.x + BADGE.x, y: p.y + BADGE.y, w: BADGE.w, h: BADGE.h },
    centred(textWidth(n.name, 12, true), NAME_Y, 12),
    centred(textWidth(n.type, 10), TYPE_Y, 10),
  ];
  if (n.count != null) rects.push(centred(textWidth(n.count, 11), COUNT_Y, 11));
  return rects;
}

export interface Curve { sx: number; sy: number; cx: number; cy: number; ex: number; ey: number }

/** A link's quadratic curve from circle edge to circle edge; same-layer and back links bend to stay visible. */
export function linkCurve(a: Point, b: Point): Curve {
  const dx = b.x - a.x, dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const sx = a.x + (dx / len) * NODE_R, sy = a.y + (dy / len) * NODE_R;
  const ex = b.x - (dx / len) * (NODE_R + 6), ey = b.y - (dy / len) * (NODE_R + 6);
  const bend = b.layer <= a.layer ? 60 : 0;
  return { sx, sy, ex, ey, cx: (sx + ex) / 2 - (dy / len) * bend, cy: (sy + ey) / 2 + (dx / len) * bend };
}

function at(c: Curve, t: number): { x: number; y: number; tx: number; ty: number } {
  const u = 1 - t;
  return {
    x: u * u * c.sx + 2 * u * t * c.cx + t * t * c.ex,
    y: u * u * c.sy + 2 * u * t * c.cy + t * t * c.ey,
    tx: 2 * u * (c.cx - c.sx) + 2 * t * (c.ex - c.cx),
    ty: 2 * u * (c.cy - c.sy) + 2 * t * (c.ey - c.cy),
  };
}

export function intersects(a: Rect, b: Rect, pad = 0): boolean {
  return a.x < b.x + b.w + pad && b.x < a.x + a.w + pad && a.y < b.y + b.h + pad && b.y < a.y + a.h + pad;
}

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

// Where along a link its label may sit: the middle first, then further out; beside the line, either side.
const ALONG = [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78];
const GAP = 3;

/**
 * Label rectangles for the links, each clear of every node's parts and of the labels placed before it
 * where any candidate spot allows (else the least covered one): the first free spot beside the curve,
 * trying the middle first and moving out towards the ends, above/left of the line before below/right.
 */
export function placeLabels(curves: (Curve | null)[], labels: string[], obstacles: Rect[]): (Rect | null)[] {
  const placed: Rect[] = [];
  return curves.map((c, i) => {
    if (!c) return null;
    const w = textWidth(labels[i], 11), h = LABEL_H;
    let best: Rect | null = null, bestCost = Infinity;
    for (const t of ALONG) {
      const p = at(c, t);
      const len = Math.hypot(p.tx, p.ty) || 1;
      let nx = -p.ty / len, ny = p.tx / len; // a normal of the curve, turned to point up (or left)
      if (ny > 0 || (ny === 0 && nx > 0)) { nx = -nx; ny = -ny; }
      // How far the centre must move along the normal for the box to clear the line.
      const reach = Math.abs(nx) * (w / 2) + Math.abs(ny) * (h / 2) + GAP;
      for (const side of [1, -1]) {
        const r = { x: p.x + side * nx * reach - w / 2, y: p.y + side * ny * reach - h / 2, w, h };
        let cost = 0;
        for (const o of obstacles) cost += overlapArea(r, o) + (intersects(r, o, 2) ? 1 : 0);
        for (const o of placed) cost += overlapArea(r, o) + (intersects(r, o, 2) ? 1 : 0);
        if (cost < bestCost) { best = r; bestCost = cost; }
        if (cost === 0) break;
      }
      if (bestCost === 0) break;
    }
    placed.push(best!);
    return best;
  });
}

export interface MapDrawing {
  positions: Map<string, Point>;
  curves: Map<string, Curve>;
  labels: Map<string, Rect>;
  width: number;
  height: number;
}

const EDGE = 8;

/**
 * The whole drawing: the layered layout, link curves, label spots, and a canvas that holds every part
 * (long names at the edges included), shifted so nothing starts left of or above the margin.
 */
export function drawMap(
  nodes: (LayoutInput & NodeDrawing)[], links: { from: string; to: string; label: string }[], center: string | null,
): MapDrawing {
  const base = layoutMap(nodes, links, center);
  const obstacles = nodes.flatMap((n) => { const p = base.positions.get(n.key); return p ? nodeRects(p, n) : []; });
  const curves = links.map((l) => {
    const a = base.positions.get(l.from), b = base.positions.get(l.to);
    return a && b && l.from !== l.to ? linkCurve(a, b) : null;
  });
  const spots = placeLabels(curves, links.map((l) => l.label), obstacles);
  const all = [...obstacles, ...spots.filter((r): r is Rect => r != null)];
  const minX = Math.min(0, ...all.map((r) => r.x - EDGE)), minY = Math.min(0, ...all.map((r) => r.y - EDGE));
  const maxX = Math.max(base.width, ...all.map((r) => r.x + r.w + EDGE));
  const maxY = Math.max(base.height, ...all.map((r) => r.y + r.h + EDGE));
  const shift = <T extends { x: number; y: number }>(o: T): T => ({ ...o, x: o.x - minX, y: o.y - minY });
  const positions = new Map([...base.positions].map(([k, p]) => [k, shift(p)]));
  const out: MapDrawing = { positions, curves: new Map(), labels: new Map(), width: maxX - minX, height: maxY - minY };
  links.forEach((l, i) => {
    const c = curves[i], r = spots[i];
    if (!c || !r) return;
    const key = `${l.from}->${l.to}`;
    out.curves.set(key, { sx: c.sx - minX, sy: c.sy - minY, cx: c.cx - minX, cy: c.cy - minY, ex: c.ex - minX, ey: c.ey - minY });
    out.labels.set(key, shift(r));
  });
  return out;
}
