import { describe, expect, it } from 'vitest';
import {
  ackBody, conditionText, emptyRuleForm, emptySilenceForm, errorField, errorIsAbout, firesWhenText, formToRule, formatAgo,
  formatAlarmValue, formatWhenShort, numberOrText, ruleToForm, silenceActive, silenceBody, sortAlarms, sortEvents, withKind,
  type Alarm, type AlarmEvent, type AlarmState, type Kind, type Rule,
} from './alarms';
import { parseLocalDateTime } from './time';

const ERROR_RATE: Kind = {
  kind: 'ERROR_RATE', name: 'ERROR RATE', unit: '%', target: 'NONE', targetRequired: false, firesWhen: 'ABOVE',
  description: 'Share of failed requests', options: [], minThreshold: 0, maxThreshold: 100,
};
const APDEX: Kind = { ...ERROR_RATE, kind: 'APDEX', name: 'APDEX', unit: 'score', firesWhen: 'BELOW', maxThreshold: 1 };
const TO_CALLEE: Kind = { ...ERROR_RATE, kind: 'ERROR_RATE_TO_CALLEE', target: 'CALLEE', targetRequired: true };
const AGENT_DOWN: Kind = {
  ...ERROR_RATE, kind: 'AGENT_DOWN', unit: 'count', maxThreshold: null,
  options: [{ name: 'minutes', default: 5, min: 1, max: 1440, description: 'Minutes without data' }],
};

const rule = (name: string, over: Partial<Rule> = {}): Rule => ({
  id: `id-${name}`, name, application: 'shop', kind: 'ERROR_RATE', threshold: 10, target: null, options: {},
  channels: [], escalation: null, enabled: true, ...over,
});
const state = (status: AlarmState['status']): AlarmState => ({
  status, since: null, value: null, unit: '%', message: null, lastEvaluated: null, sequence: 0, notifications: 0,
  nextNotification: null, acknowledged: null, escalated: false, silencedUntil: null, error: null,
});

describe('alarm values', () => {
  it('formats values in the kind\'s unit', () => {
    expect(formatAlarmValue(12.5, '%')).toBe('12.5 %');
    expect(formatAlarmValue(250, 'ms')).toBe('250 ms');
    expect(formatAlarmValue(12_500, 'ms')).toBe('12.5 s');
    expect(formatAlarmValue(1204, 'count')).toBe('1,204');
    expect(formatAlarmValue(0.85, 'score')).toBe('0.85');
    expect(formatAlarmValue(null, '%')).toBe('-');
    expect(formatAlarmValue(NaN, 'count')).toBe('-');
  });
  it('says which side of the threshold fires', () => {
    expect(conditionText(10, '%', 'ABOVE')).toBe('≥ 10 %');
    expect(conditionText(0.7, 'score', 'BELOW')).toBe('≤ 0.7');
    expect(firesWhenText(ERROR_RATE)).toBe('fires when the value (%) is at or above the threshold');
    expect(firesWhenText(APDEX)).toContain('at or below');
  });
  it('says how long ago, and in how long', () => {
    const now = 1_000_000_000;
    expect(formatAgo(now - 12_000, now)).toBe('12 s ago');
    expect(formatAgo(now - 5 * 60_000 - 1, now)).toBe('5 min ago');
    expect(formatAgo(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatAgo(now - 2 * 86_400_000, now)).toBe('2 d ago');
    expect(formatAgo(now + 4 * 60_000, now)).toBe('in 4 min');
  });
  it('shows a time of today without its date', () => {
    const now = new Date(2026, 10, 30, 9, 6, 28).getTime();
    expect(formatWhenShort(new Date(2026, 10, 30, 9, 6, 24).getTime(), now)).toBe('09:06:24 (4 s ago)');
    expect(formatWhenShort(new Date(2026, 10, 29, 9, 6, 24).getTime(), now)).toBe('2026-11-29 09:06 (1 d ago)');
    expect(formatWhenShort(null, now)).toBe('-');
  });
});

describe('alarm ordering', () => {
  it('puts firing first, then failed, pending, OK; by name within a status', () => {
    const alarms: Alarm[] = [
      { rule: rule('b'), state: state('OK') }, { rule: rule('z'), state: state('FIRING') },
      { rule: rule('a'), state: state('OK') }, { rule: rule('p'), state: state('PENDING') },
      { rule: rule('f'), state: state('FAILED') }, { rule: rule('c'), state: state('FIRING') },
    ];
    expect(sortAlarms(alarms).map((a) => a.rule.name)).toEqual(['c', 'z', 'f', 'p', 'a', 'b']);
    expect(alarms[0].rule.name).toBe('b');
  });
  it('lists events newest first, ties by id', () => {
    const e = (id: string, time: number) => ({ id, time }) as AlarmEvent;
    expect(sortEvents([e('a', 1), e('c', 3), e('b', 3)]).map((x) => x.id)).toEqual(['b', 'c', 'a']);
  });
});

describe('the rule form', () => {
  it('turns a new rule into the POST body, without id, target or escalation', () => {
    const form = { ...emptyRuleForm('shop', ERROR_RATE), name: ' errors ', threshold: '10', target: 'ignored',
      channels: [{ type: 'WEBHOOK' as const, target: ' http://127.0.0.1:1/hook ' }] };
    expect(formToRule(form, ERROR_RATE)).toEqual({
      name: 'errors', application: 'shop', kind: 'ERROR_RATE', threshold: 10, target: null, options: {},
      channels: [{ type: 'WEBHOOK', target: 'http://127.0.0.1:1/hook' }], escalation: null, enabled: true,
    });
  });
  it('sends what was typed when it is not a number, so the API names the field', () => {
    expect(numberOrText(' -1 ')).toBe(-1);
    expect(numberOrText('1e3')).toBe(1000);
    expect(numberOrText('')).toBeNull();
    expect(numberOrText('ten')).toBe('ten');
    const body = formToRule({ ...emptyRuleForm('shop', ERROR_RATE), threshold: 'ten' }, ERROR_RATE);
    expect(body.threshold).toBe('ten');
    expect(formToRule(emptyRuleForm('shop', ERROR_RATE), ERROR_RATE).threshold).toBeNull();
  });
  it('keeps the target for kinds that take one, the kind\'s options, and escalation when asked', () => {
    const form = { ...emptyRuleForm('shop', TO_CALLEE), threshold: '5', target: ' orders-db ', escalate: true,
      escalationMinutes: '15', escalationChannels: [{ type: 'EMAIL' as const, target: 'oncall@example.com' }],
      options: { stray: '3' } };
    const body = formToRule(form, TO_CALLEE);
    expect(body.target).toBe('orders-db');
    expect(body.options).toEqual({});
    expect(body.escalation).toEqual({ afterMinutes: 15, channels: [{ type: 'EMAIL', target: 'oncall@example.com' }] });
    const down = emptyRuleForm('shop', AGENT_DOWN);
    expect(down.options).toEqual({ minutes: '5' });
    expect(formToRule({ ...down, options: { minutes: '10' } }, AGENT_DOWN).options).toEqual({ minutes: 10 });
    expect(formToRule({ ...down, options: { minutes: ' ' } }, AGENT_DOWN).options).toEqual({});
  });
  it('round-trips an existing rule through the form (the PUT body carries its id)', () => {
    const r = rule('db errors', { kind: 'ERROR_RATE_TO_CALLEE', target: 'orders-db', threshold: 7.5, enabled: false,
      channels: [{ type: 'SLACK', target: 'https://hooks.slack.com/x' }],
      escalation: { afterMinutes: 30, channels: [{ type: 'EMAIL', target: 'a@b.c' }] } });
    const form = ruleToForm(r);
    expect(form.threshold).toBe('7.5');
    expect(formToRule(form, TO_CALLEE)).toEqual(r);
    form.channels[0].target = 'changed';
    expect(r.channels[0].target).toBe('https://hooks.slack.com/x');
  });
  it('resets the options and drops the target when the kind changes', () => {
    const form = { ...emptyRuleForm('shop', TO_CALLEE), target: 'db' };
    expect(withKind(form, AGENT_DOWN)).toMatchObject({ kind: 'AGENT_DOWN', target: '', options: { minutes: '5' } });
    expect(withKind(form, TO_CALLEE).target).toBe('db');
  });
  it('finds the field an API error names', () => {
    expect(errorField('400: threshold: -1.0 (expected: 0..100 for ERROR_RATE)')).toBe('threshold');
    expect(errorField('400: channels[0].target: "x" (expected: an http:// or https:// URL)')).toBe('channels[0].target');
    expect(errorField('escalation.afterMinutes: 0 (expected: 1..10080)')).toBe('escalation.afterMinutes');
    expect(errorField('cannot reach the server: Failed to fetch')).toBeNull();
    expect(errorField(null)).toBeNull();
    expect(errorIsAbout('channels[0].target', 'channels')).toBe(true);
    expect(errorIsAbout('escalation.afterMinutes', 'escalation')).toBe(true);
    expect(errorIsAbout('thresholds', 'threshold')).toBe(false);
    expect(errorIsAbout(null, 'threshold')).toBe(false);
  });
});

describe('acknowledgements and silences', () => {
  it('trims the acknowledgement', () => {
    expect(ackBody(' ops ', ' looking ')).toEqual({ by: 'ops', comment: 'looking' });
  });
  it('turns the silence form into its body: a blank rule silences the whole application', () => {
    const now = new Date(2026, 10, 30, 9, 0).getTime();
    const form = { ...emptySilenceForm(now), reason: ' deploy ', createdBy: 'ops' };
    expect(silenceBody('shop', form)).toEqual({ application: 'shop', ruleId: null, from: now, to: now + 3_600_000,
      reason: 'deploy', createdBy: 'ops' });
    expect(silenceBody('shop', { ...form, ruleId: 'r1', to: 'soon' })).toMatchObject({ ruleId: 'r1', to: 'soon' });
    expect(parseLocalDateTime(form.to)).toBe(now + 3_600_000);
  });
  it('knows whether a silence covers now', () => {
    const s = { id: 's', application: 'shop', ruleId: null, from: 100, to: 200, reason: '', createdBy: '' };
    expect(silenceActive(s, 100)).toBe(true);
    expect(silenceActive(s, 200)).toBe(false);
    expect(silenceActive(s, 99)).toBe(false);
  });
});
