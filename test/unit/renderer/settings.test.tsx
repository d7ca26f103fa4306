// @vitest-environment jsdom
import { fakeKb } from './support/fake-kb';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES, type AlertRules } from '../../../shared/channels/monitor';
import { SettingsView } from '../../../renderer/features/settings/SettingsView';
import { useTheme } from '../../../renderer/stores/theme-store';

const MB = 1024 * 1024;

beforeEach(() => {
  fakeKb.reset();
  let rules: AlertRules = structuredClone(DEFAULT_ALERT_RULES);
  fakeKb
    .on('app.info', () => ({
      name: 'skr',
      version: '0.1.0',
      libraryPath: '/home/ada/Library',
      platform: 'linux',
      arch: 'x64',
      transport: 'browser',
      versions: { node: '20', electron: null, sqlite: '3.53' },
    }))
    .on('monitor.rules.get', () => rules)
    .on('monitor.rules.set', (patch: AlertRules) => (rules = { ...rules, ...patch }))
    .on('monitor.snapshot', () => ({ latest: null, history: { window: '1m', resolutionMs: 1000, ts: [], series: {} }, channels: [] }))
    .on('monitor.setInterval', (input: { seconds: number }) => ({ intervalMs: input.seconds * 1000 }));
});
afterEach(cleanup);

describe('SettingsView', () => {
  it('shows the library location', async () => {
    render(<SettingsView />);
    expect((await screen.findByTestId('library-path')).textContent).toBe('/home/ada/Library');
  });

  it('validates thresholds with the contract schema, next to the field, and saves in stored units', async () => {
    render(<SettingsView />);
    const memory = await screen.findByRole('group', { name: 'Memory (whole app)' });
    const clear = within(memory).getByLabelText('Clear below');
    expect((clear as HTMLInputElement).value).toBe('480');
    await userEvent.clear(clear);
    await userEvent.type(clear, '900');
    const error = within(memory).getByText(/“Clear below” must not exceed “Alert above”/);
    expect(clear.getAttribute('aria-invalid')).toBe('true');
    expect(clear.getAttribute('aria-describedby')).toBe(error.id);

    const cpu = screen.getByRole('group', { name: 'CPU of the main process' });
    await userEvent.clear(within(cpu).getByLabelText('Alert above'));
    await userEvent.type(within(cpu).getByLabelText('Alert above'), 'lots');
    expect(within(cpu).getByText('Enter a number')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Save thresholds' }));
    expect(fakeKb.callsOf('monitor.rules.set')).toHaveLength(0);

    await userEvent.clear(clear);
    await userEvent.type(clear, '500');
    await userEvent.clear(within(cpu).getByLabelText('Alert above'));
    await userEvent.type(within(cpu).getByLabelText('Alert above'), '85');
    await userEvent.click(screen.getByRole('button', { name: 'Save thresholds' }));
    await waitFor(() => expect(fakeKb.callsOf('monitor.rules.set')).toHaveLength(1));
    const saved = fakeKb.callsOf('monitor.rules.set')[0] as AlertRules;
    expect(saved.memory.resolveBelow).toBe(500 * MB);
    expect(saved.cpu.threshold).toBe(85);
    expect(await screen.findByText('Saved')).toBeTruthy();
  });

  it('validates the sampling interval', async () => {
    render(<SettingsView />);
    const interval = await screen.findByLabelText('Sampling interval');
    await waitFor(() => expect((interval as HTMLInputElement).value).toBe('1'));
    await userEvent.clear(interval);
    await userEvent.type(interval, '0.1');
    expect(screen.getByText('Must be at least 0.25 seconds')).toBeTruthy();
    await userEvent.clear(interval);
    await userEvent.type(interval, '2');
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(fakeKb.callsOf('monitor.setInterval')).toEqual([{ seconds: 2 }]));
  });

  it('switches the theme', async () => {
    render(<SettingsView />);
    await userEvent.click(screen.getByRole('radio', { name: 'Dark' }));
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(useTheme.getState().choice).toBe('dark');
    await userEvent.click(screen.getByRole('radio', { name: 'System' }));
    expect(document.documentElement.dataset.theme).toBeUndefined();
  });
});
