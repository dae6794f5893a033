// A simple layered layout for the server map: callers left, the selected application in the middle,
// callees right. Layer = shortest outbound distance from the centre (positive) or inbound distance
// (negative); USER nodes sit one layer left of what they call; nodes in one layer are spread vertically.

export interface LayoutInput { key: string; category?: string }
export interface Point { x: number; y: number; layer: number }
export interface Layout { positions: Map<string, Point>; width: number; height: number }

export const LAYER_GAP = 230;
export const ROW_GAP = 110;
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
