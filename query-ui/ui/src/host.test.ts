import { describe, expect, it } from 'vitest';
import { visiblePanels, type HostMetrics } from './host';
import { formatHash, parseHash } from './route';

describe('host view', () => {
  it('always shows the four main panels, the others only with data', () => {
    const metrics: HostMetrics = { host: 'h', bucketMs: 60_000, truncated: false, panels: [
      { id: 'cpu', title: 'CPU', unit: '1', series: [] },
      { id: 'memory', title: 'Memory', unit: 'By', series: [] },
      { id: 'memory-utilization', title: 'Memory utilization', unit: '1', series: [] },
      { id: 'network', title: 'Network', unit: 'By/s', series: [] },
      { id: 'disk', title: 'Disk', unit: 'By', series: [] },
      { id: 'disk-io', title: 'Disk I/O', unit: 'By/s', series: [{ label: 'read', points: [[0, 1]] }] }] };
    expect(visiblePanels(metrics).map((p) => p.id)).toEqual(['cpu', 'memory', 'network', 'disk', 'disk-io']);
    expect(visiblePanels(null)).toEqual([]);
  });
  it('routes #/host?name=', () => {
    const r = parseHash('#/host?name=web-1&range=1h');
    expect(r.view).toBe('host');
    expect(r.params.get('name')).toBe('web-1');
    expect(formatHash(r)).toBe('#/host?name=web-1&range=1h');
  });
});
