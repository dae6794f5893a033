// Time ranges: presets (Pinpoint's 5m…2d) or a custom from/to held in the URL.

export const PRESETS: Record<string, number> = {
  '5m': 5 * 60_000, '20m': 20 * 60_000, '1h': 3_600_000, '3h': 3 * 3_600_000, '6h': 6 * 3_600_000,
  '12h': 12 * 3_600_000, '1d': 86_400_000, '2d': 2 * 86_400_000,
};
export const PRESET_NAMES = Object.keys(PRESETS);
export const DEFAULT_PRESET = '20m';

export interface TimeRange { from: number; to: number; preset: string | null }

/** Resolves URL params to a range: a valid custom from/to wins, else the preset (default 20m) ending now. */
export function parseRange(params: URLSearchParams, now: number): TimeRange {
  const from = Number(params.get('from'));
  const to = Number(params.get('to'));
  if (params.has('from') && params.has('to') && Number.isFinite(from) && Number.isFinite(to) && from < to) {
    return { from, to, preset: null };
  }
  const name = params.get('range');
  const preset = name && PRESETS[name] ? name : DEFAULT_PRESET;
  const end = Math.floor(now / 1000) * 1000;
  return { from: end - PRESETS[preset], to: end, preset };
}

/** "2024-05-01T10:20" (datetime-local, local time) → epoch ms, or NaN. */
export function parseLocalDateTime(value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return NaN;
  return new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], m[6] ? +m[6] : 0).getTime();
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function toLocalDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formatTime(ms: number, withMillis = false): string {
  const d = new Date(ms);
  const t = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return withMillis ? `${t}.${pad(d.getMilliseconds(), 3)}` : t;
}

export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatTime(ms, true)}`;
}
