// The alarms page's pure logic: the JSON shapes of API.md's alarm section, value formatting, ordering, and the
// rule / silence forms to and from their request bodies. The server validates; the forms send what was typed
// (a number when it reads as one, else the text) so the API's 400 names the field.
import { formatNumber, formatValue } from './format';
import { formatDateTime, formatTime, parseLocalDateTime, toLocalDateTime } from './time';

export type AlarmStatus = 'PENDING' | 'OK' | 'FIRING' | 'FAILED';
export type ChannelType = 'WEBHOOK' | 'SLACK' | 'EMAIL';
export const CHANNEL_TYPES: ChannelType[] = ['WEBHOOK', 'SLACK', 'EMAIL'];
export type EventType = 'FIRING' | 'REPEAT' | 'ESCALATION' | 'RECOVERY' | 'ACKNOWLEDGED' | 'SILENCED' | 'EVALUATION_FAILED';

export interface Channel { type: ChannelType; target: string }
export interface Escalation { afterMinutes: number; channels: Channel[] }
export interface Rule {
  id: string | null; name: string; application: string; kind: string; threshold: number; target: string | null;
  options: Record<string, number>; channels: Channel[]; escalation: Escalation | null; enabled: boolean;
}
export interface Acknowledgement { by: string; at: number; comment: string }
export interface AlarmState {
  status: AlarmStatus; since: number | null; value: number | null; unit: string; message: string | null;
  lastEvaluated: number | null; sequence: number; notifications: number; nextNotification: number | null;
  acknowledged: Acknowledgement | null; escalated: boolean; silencedUntil: number | null; error: string | null;
}
export interface Alarm { rule: Rule; state: AlarmState }
export interface KindOption { name: string; default: number; min?: number; max?: number; description: string }
export interface Kind {
  kind: string; name: string; unit: string; target: 'NONE' | 'CALLEE' | 'ROUTE' | 'STATEMENT'; targetRequired: boolean;
  firesWhen: 'ABOVE' | 'BELOW'; description: string; options: KindOption[]; minThreshold?: number; maxThreshold?: number | null;
}
export interface DeliveryRecord { channel: Channel; delivered: boolean; attempts: number; detail: string; finished: number }
export interface AlarmEvent {
  id: string; time: number; ruleId: string; ruleName: string; application: string; type: EventType;
  value: number | null; unit: string; message: string; deliveries: DeliveryRecord[];
}
export interface Silence { id: string; application: string; ruleId: string | null; from: number; to: number; reason: string; createdBy: string }

export const ALARMS_POLL_MS = 5_000;

// ---- formatting

/** A value in a kind's unit ("%" 0–100, "ms", "count", "score"): "12.5 %", "250 ms", "1,204", "0.85"; "-" when none. */
export function formatAlarmValue(value: number | null | undefined, unit: string): string {
  if (value == null || !Number.isFinite(value)) return '-';
  if (unit === '%' || unit === 'ms') return formatValue(value, unit);
  return formatNumber(value);
}

/** The firing condition: "≥ 10 %" (ABOVE) or "≤ 0.7" (BELOW, APDEX). */
export function conditionText(threshold: number, unit: string, firesWhen: Kind['firesWhen'] | undefined): string {
  return `${firesWhen === 'BELOW' ? '≤' : '≥'} ${formatAlarmValue(threshold, unit)}`;
}

/** "fires when the value is at or above the threshold" in words, for the form. */
export function firesWhenText(kind: Kind): string {
  return `fires when the value (${kind.unit}) is at or ${kind.firesWhen === 'BELOW' ? 'below' : 'above'} the threshold`;
}

/** How long ago {@code ms} was, compact: "12 s ago", "5 min ago", "3 h ago", "2 d ago"; "in 4 min" for the future. */
export function formatAgo(ms: number, now: number): string {
  const d = now - ms;
  const abs = Math.abs(d);
  const text = abs < 60_000 ? `${Math.round(abs / 1000)} s` : abs < 3_600_000 ? `${Math.floor(abs / 60_000)} min`
    : abs < 86_400_000 ? `${Math.floor(abs / 3_600_000)} h` : `${Math.floor(abs / 86_400_000)} d`;
  return d >= 0 ? `${text} ago` : `in ${text}`;
}

/** A time with how long ago it was: "2026-11-30 09:01:02.345 (5 min ago)"; "-" when none. */
export function formatWhen(ms: number | null | undefined, now: number): string {
  return ms == null ? '-' : `${formatDateTime(ms)} (${formatAgo(ms, now)})`;
}

/**
 * A time for a table cell: "09:06:24 (4 s ago)" on the day of {@code now}, else "2026-11-29 09:06 (1 d ago)"
 * (the full time goes in the cell's title); "-" when none.
 */
export function formatWhenShort(ms: number | null | undefined, now: number): string {
  if (ms == null) return '-';
  const sameDay = new Date(ms).toDateString() === new Date(now).toDateString();
  return `${sameDay ? formatTime(ms) : formatDateTime(ms).slice(0, 16)} (${formatAgo(ms, now)})`;
}

/** A channel in a line: "WEBHOOK http://…". */
export function channelText(c: Channel): string {
  return `${c.type} ${c.target}`;
}

// ---- ordering

const STATUS_ORDER: Record<AlarmStatus, number> = { FIRING: 0, FAILED: 1, PENDING: 2, OK: 3 };

/** Firing first, then failed, pending and OK; by rule name, then id, within a status. */
export function sortAlarms(alarms: Alarm[]): Alarm[] {
  return [...alarms].sort((a, b) => (STATUS_ORDER[a.state.status] ?? 9) - (STATUS_ORDER[b.state.status] ?? 9)
    || a.rule.name.localeCompare(b.rule.name) || String(a.rule.id).localeCompare(String(b.rule.id)));
}

/** Newest first; ties in id order (as the API). */
export function sortEvents(events: AlarmEvent[]): AlarmEvent[] {
  return [...events].sort((a, b) => b.time - a.time || a.id.localeCompare(b.id));
}

/** The alarms firing now (for the page's summary). */
export function firingCount(alarms: Alarm[]): number {
  return alarms.filter((a) => a.state.status === 'FIRING').length;
}

// ---- the rule form

export interface ChannelRow { type: ChannelType; target: string }

/** The rule form's fields as typed (numbers as text, so a bad entry reaches the API as typed). */
export interface RuleForm {
  id: string | null; name: string; application: string; kind: string; threshold: string; target: string;
  options: Record<string, string>; channels: ChannelRow[];
  escalate: boolean; escalationMinutes: string; escalationChannels: ChannelRow[]; enabled: boolean;
}

/** A new rule's form for {@code application}; the threshold empty, the kind's options at their defaults. */
export function emptyRuleForm(application: string, kind: Kind | undefined): RuleForm {
  return {
    id: null, name: '', application, kind: kind?.kind ?? '', threshold: '', target: '',
    options: defaultOptions(kind), channels: [], escalate: false, escalationMinutes: '30', escalationChannels: [], enabled: true,
  };
}

/** The kind's options at their defaults, as text. */
export function defaultOptions(kind: Kind | undefined): Record<string, string> {
  return Object.fromEntries((kind?.options ?? []).map((o) => [o.name, String(o.default)]));
}

/** An existing rule in the form. */
export function ruleToForm(rule: Rule): RuleForm {
  return {
    id: rule.id, name: rule.name, application: rule.application, kind: rule.kind, threshold: String(rule.threshold),
    target: rule.target ?? '', options: Object.fromEntries(Object.entries(rule.options ?? {}).map(([k, v]) => [k, String(v)])),
    channels: rule.channels.map((c) => ({ ...c })), escalate: rule.escalation != null,
    escalationMinutes: String(rule.escalation?.afterMinutes ?? 30),
    escalationChannels: (rule.escalation?.channels ?? []).map((c) => ({ ...c })), enabled: rule.enabled,
  };
}

/** Typed text as JSON: a number when it reads as one, null when blank, else the text (which the API refuses, naming the field). */
export function numberOrText(text: string): number | string | null {
  const t = text.trim();
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

/**
 * The request body of a rule form (POST without id, PUT with it): the target only for kinds that take one,
 * only the kind's options (blank ones left to their defaults), escalation null unless asked for.
 */
export function formToRule(form: RuleForm, kind: Kind | undefined): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  const known = kind ? kind.options.map((o) => o.name) : Object.keys(form.options);
  for (const name of known) {
    const v = numberOrText(form.options[name] ?? '');
    if (v != null) options[name] = v;
  }
  const takesTarget = !kind || kind.target !== 'NONE';
  const body: Record<string, unknown> = {
    name: form.name.trim(), application: form.application, kind: form.kind, threshold: numberOrText(form.threshold),
    target: takesTarget && form.target.trim() ? form.target.trim() : null, options,
    channels: form.channels.map(channelBody),
    escalation: form.escalate ? { afterMinutes: numberOrText(form.escalationMinutes), channels: form.escalationChannels.map(channelBody) } : null,
    enabled: form.enabled,
  };
  if (form.id) body.id = form.id;
  return body;
}

function channelBody(c: ChannelRow): Channel {
  return { type: c.type, target: c.target.trim() };
}

/** The form after choosing another kind: its options reset to the new kind's defaults, the target dropped when it takes none. */
export function withKind(form: RuleForm, kind: Kind | undefined): RuleForm {
  return { ...form, kind: kind?.kind ?? '', options: defaultOptions(kind), target: kind && kind.target === 'NONE' ? '' : form.target };
}

/**
 * The field an API error names ("400: threshold: -1.0 (expected: …)" → "threshold", "channels[0].target: …" →
 * "channels[0].target"), or null when it names none.
 */
export function errorField(message: string | null | undefined): string | null {
  if (!message) return null;
  const m = /^(?:\d{3}: )?([A-Za-z][\w.[\]]*): /.exec(message);
  return m ? m[1] : null;
}

/** Whether an error naming {@code field} is about the form field {@code name} (itself or inside it: "channels" ⊇ "channels[0].target"). */
export function errorIsAbout(field: string | null, name: string): boolean {
  return field != null && (field === name || field.startsWith(`${name}[`) || field.startsWith(`${name}.`));
}

// ---- acknowledgement and silences

/** The body of POST /rules/{id}/ack. */
export function ackBody(by: string, comment: string): { by: string; comment: string } {
  return { by: by.trim(), comment: comment.trim() };
}

export interface SilenceForm { ruleId: string; from: string; to: string; reason: string; createdBy: string }

/** A new silence: the whole application, from now for an hour (datetime-local text). */
export function emptySilenceForm(now: number): SilenceForm {
  return { ruleId: '', from: toLocalDateTime(now), to: toLocalDateTime(now + 3_600_000), reason: '', createdBy: '' };
}

/** The body of POST /silences; a blank rule silences every rule of the application; unreadable times go as the typed text. */
export function silenceBody(application: string, form: SilenceForm): Record<string, unknown> {
  const time = (s: string) => { const ms = parseLocalDateTime(s); return Number.isFinite(ms) ? ms : s; };
  return { application, ruleId: form.ruleId || null, from: time(form.from), to: time(form.to), reason: form.reason.trim(), createdBy: form.createdBy.trim() };
}

/** Whether a silence covers {@code now}. */
export function silenceActive(s: Silence, now: number): boolean {
  return s.from <= now && now < s.to;
}
