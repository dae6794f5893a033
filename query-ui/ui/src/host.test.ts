import { describe, expect, it } from 'vitest';
import { formatPanelValue, panelMax, visiblePanels, type HostMetrics } from './host';
import { formatHash, parseHash } from './route';

describe('host view', () => {
  it('formats fractions as percent and bytes in binary multiples', () => {
    expect(formatPanelValue(0.46875, '1')).toBe('46.9%');
    expect(formatPanelValue(0.05, '1')).toBe('5.00%');
    expect(formatPanelValue(512, 'By')).toBe('512 B');
    expect(formatPanelValue(3 * 1024 * 1024, 'By')).toBe('3.00 MiB');
    expect(formatPanelValue(220, 'By/s')).toBe('220 B/s');
    expect(formatPanelValue(20 * 1024, 'By/s')).toBe('20.0 KiB/s');
    expect(formatPanelValue(NaN, 'By')).toBe('-');
  });
  it('scales fractions to 100% and other units to a round maximum', () => {
    const panel = (unit: string, values: number[]) => ({ id: 'x', title: 'x', unit,
      series: [{ label: 'a', points: values.map((v, i) => [i, v] as [number, number]) }] });
    expect(panelMax(panel('1', [0.2, 0.8]))).toBe(1);
    expect(panelMax(panel('By', [123, 600]))).toBe(1_000);
    expect(panelMax(panel('By/s', [220, 120]))).toBe(500);
    expect(panelMax(panel('By', [4.66 * 1024 ** 3]))).toBe(5 * 1024 ** 3);
    expect(panelMax(panel('1', [0.5, 1.5]))).toBe(2);
    expect(panelMax(panel('By', []))).toBe(1);
  });
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
