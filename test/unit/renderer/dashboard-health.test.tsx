// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES, type AlertRules } from '../../../shared/channels/monitor';
import { healthChecks } from '../../../renderer/features/dashboard/health';
import { HealthTable } from '../../../renderer/features/dashboard/HealthTable';
import { MB, monitorSample, processSample } from './dashboard-samples';

afterEach(cleanup);

const byId = (checks: ReturnType<typeof healthChecks>) => Object.fromEntries(checks.map((c) => [c.id, c]));

describe('health checks against the resource targets', () => {
  it('passes every target for a calm app', () => {
    const checks = byId(healthChecks(monitorSample(), DEFAULT_ALERT_RULES));
    expect(Object.values(checks).map((c) => c.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(checks.memory!.valueText).toBe('120 MB');
    expect(checks.memory!.target).toBe('< 512 MB');
    expect(checks.memoryGrowth!.valueText).toBe('+1.0 %/h');
    expect(checks.cpu!.subject).toBe('host');
  });

  it('warns at and above each threshold (targets are strict: below is a pass)', () => {
    const sample = monitorSample({
      processes: [
        processSample({ pid: 1, name: 'host', role: 'host', rssBytes: 400 * MB, cpuPercent: 70, fds: 30 }),
        processSample({ pid: 2, name: 'worker-1', rssBytes: 112 * MB, cpuPercent: 99, fds: 100 }),
      ],
      memoryGrowth: { percentPerHour: 5.2, r2: 0.95 },
      readerPool: { size: 2, inUse: 2, waiting: 3, utilizationPercent: 80, waitMsP99: 12 },
    });
    const checks = byId(healthChecks(sample, DEFAULT_ALERT_RULES));
    expect(checks.memory!.value).toBe(512 * MB);
    expect(checks.memory!.status).toBe('warn');
    expect(checks.memoryGrowth!.status).toBe('warn');
    expect(checks.handles).toMatchObject({ value: 100, subject: 'worker-1', status: 'warn' });
    expect(checks.readerPool!.status).toBe('warn');
    // CPU is the app's own process (host), not the busiest worker.
    expect(checks.cpu).toMatchObject({ value: 70, subject: 'host', status: 'warn' });
  });

  it('reports missing figures as unknown, never as a pass', () => {
    const sample = monitorSample({
      processes: [processSample({ pid: 1, name: 'host', role: 'host', cpuPercent: null, fds: null })],
      memoryGrowth: null,
      readerPool: null,
    });
    const checks = byId(healthChecks(sample, DEFAULT_ALERT_RULES));
    expect(checks.memoryGrowth).toMatchObject({ status: 'unknown', valueText: 'warming up' });
    expect(checks.handles!.status).toBe('unknown');
    expect(checks.readerPool!.status).toBe('unknown');
    expect(checks.cpu!.status).toBe('unknown');
    expect(healthChecks(null, DEFAULT_ALERT_RULES).every((c) => c.status === 'unknown')).toBe(true);
  });

  it('follows thresholds changed in the alert rules', () => {
    const rules: AlertRules = { ...DEFAULT_ALERT_RULES, memory: { ...DEFAULT_ALERT_RULES.memory, threshold: 100 * MB, resolveBelow: 90 * MB } };
    const memory = byId(healthChecks(monitorSample(), rules)).memory!;
    expect(memory).toMatchObject({ status: 'warn', target: '< 100 MB' });
  });
});

describe('<HealthTable>', () => {
  it('shows each target with its value and a ✅ or ⚠️ status in words', () => {
    const sample = monitorSample({
      processes: [processSample({ pid: 1, name: 'host', role: 'host', rssBytes: 600 * MB, cpuPercent: 3 })],
    });
    render(<HealthTable latest={sample} rules={DEFAULT_ALERT_RULES} />);
    const memoryRow = screen.getByRole('row', { name: /Memory baseline/ });
    expect(within(memoryRow).getByText('600 MB')).toBeTruthy();
    expect(memoryRow.textContent).toContain('⚠️');
    expect(memoryRow.textContent).toContain('Over target');
    const cpuRow = screen.getByRole('row', { name: /CPU/ });
    expect(cpuRow.textContent).toContain('✅');
    expect(cpuRow.textContent).toContain('Within target');
    expect(screen.getAllByRole('row')).toHaveLength(6);
  });
});
