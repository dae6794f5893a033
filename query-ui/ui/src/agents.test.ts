import { describe, expect, it } from 'vitest';
import { resourceRows, sortAgents, statusBadge } from './agents';
import { formatHash, parseHash } from './route';
import type { Agent } from './types';

const agent = (agentId: string, status?: Agent['status']): Agent =>
  ({ agentId, hostname: 'h', startTime: 0, lastSeen: 0, serviceType: 'JAVA', status });

describe('agent list', () => {
  it('badges every status, and an unknown one greyed as it is', () => {
    expect(statusBadge('RUNNING')).toMatchObject({ text: 'Running', kind: 'ok' });
    expect(statusBadge('RESTARTED')).toMatchObject({ text: 'Restarted', kind: 'warn' });
    expect(statusBadge('NO_DATA')).toMatchObject({ text: 'No data', kind: 'off' });
    expect(statusBadge('PAUSED')).toMatchObject({ text: 'PAUSED', kind: 'off' });
    expect(statusBadge(undefined).text).toBe('unknown');
  });
  it('orders restarted, running, no data, then by id', () => {
    const sorted = sortAgents([agent('b', 'NO_DATA'), agent('c', 'RUNNING'), agent('a', 'RUNNING'), agent('z', 'RESTARTED'), agent('x')]);
    expect(sorted.map((a) => a.agentId)).toEqual(['z', 'a', 'c', 'b', 'x']);
  });
  it('lists resource attributes by key, non-strings as JSON', () => {
    expect(resourceRows({ 'service.name': 'web', 'process.pid': 42, 'process.command_args': ['java', '-jar'] })).toEqual([
      ['process.command_args', '["java","-jar"]'], ['process.pid', '42'], ['service.name', 'web']]);
    expect(resourceRows(undefined)).toEqual([]);
  });
  it('parses and round-trips the agents route', () => {
    const r = parseHash('#/agents?application=web&range=1h&agent=web-1');
    expect(r).toMatchObject({ view: 'agents', id: null });
    expect(r.params.get('agent')).toBe('web-1');
    expect(formatHash(r)).toBe('#/agents?application=web&range=1h&agent=web-1');
  });
});
