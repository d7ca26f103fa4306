// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessTable } from '../../../renderer/features/dashboard/ProcessTable';
import { sortRows } from '../../../renderer/features/dashboard/sorting';
import { MB, processSample } from './dashboard-samples';

afterEach(cleanup);

const processes = [
  processSample({ pid: 300, name: 'worker-2', role: 'worker', rssBytes: 80 * MB, cpuPercent: 40, fds: null }),
  processSample({ pid: 100, name: 'host', role: 'host', rssBytes: 150 * MB, cpuPercent: 5, fds: 30 }),
  processSample({ pid: 200, name: 'worker-1', role: 'worker', rssBytes: 60 * MB, cpuPercent: null, fds: 12 }),
];

/** Names in the order the table shows them. */
const shownNames = () =>
  [...document.querySelectorAll('tbody tr')].map((row) => row.querySelectorAll('td')[1]!.textContent);
const header = (name: string) => [...document.querySelectorAll('thead th')].find((th) => th.textContent!.startsWith(name))!;
const sortButton = (name: string) => header(name).querySelector('button')!;

describe('sortRows', () => {
  const column = { key: 'cpu', label: 'CPU', value: (p: (typeof processes)[number]) => p.cpuPercent, numeric: true };
  it('puts unknown values last in both directions', () => {
    expect(sortRows(processes, column, 'descending').map((p) => p.pid)).toEqual([300, 100, 200]);
    expect(sortRows(processes, column, 'ascending').map((p) => p.pid)).toEqual([100, 300, 200]);
  });
});

describe('<ProcessTable>', () => {
  it('lists every process with its figures, largest memory first', () => {
    render(<ProcessTable processes={processes} />);
    expect(shownNames()).toEqual(['host', 'worker-2', 'worker-1']);
    expect(header('Memory').getAttribute('aria-sort')).toBe('descending');
    expect(header('Name').getAttribute('aria-sort')).toBe('none');
    const host = document.querySelector('tbody tr')!;
    expect(host.textContent).toContain('150 MB');
    expect(host.textContent).toContain('5.0 %');
    expect(host.textContent).toContain('1m 0s');
  });

  it('sorts by a column from its header button and flips on a second press', async () => {
    const user = userEvent.setup();
    render(<ProcessTable processes={processes} />);
    await user.click(sortButton('Name'));
    expect(shownNames()).toEqual(['host', 'worker-1', 'worker-2']);
    expect(header('Name').getAttribute('aria-sort')).toBe('ascending');
    expect(header('Memory').getAttribute('aria-sort')).toBe('none');
    await user.click(sortButton('Name'));
    expect(shownNames()).toEqual(['worker-2', 'worker-1', 'host']);
    expect(header('Name').getAttribute('aria-sort')).toBe('descending');
  });

  it('is sortable from the keyboard alone', async () => {
    const user = userEvent.setup();
    render(<ProcessTable processes={processes} />);
    // Tab order: Role, Name, PID: focus the PID sort button and press Enter, then Space to flip.
    await user.tab();
    await user.tab();
    await user.tab();
    expect(document.activeElement?.textContent).toMatch(/^PID/);
    await user.keyboard('{Enter}');
    expect(shownNames()).toEqual(['worker-2', 'worker-1', 'host']);
    expect(header('PID').getAttribute('aria-sort')).toBe('descending');
    await user.keyboard(' ');
    expect(shownNames()).toEqual(['host', 'worker-1', 'worker-2']);
    expect(header('PID').getAttribute('aria-sort')).toBe('ascending');
  });

  it('keeps the chosen order when new figures arrive', async () => {
    const user = userEvent.setup();
    const { rerender } = render(<ProcessTable processes={processes} />);
    await user.click(sortButton('CPU'));
    expect(shownNames()).toEqual(['worker-2', 'host', 'worker-1']);
    rerender(<ProcessTable processes={processes.map((p) => (p.pid === 200 ? { ...p, cpuPercent: 90 } : p))} />);
    expect(shownNames()).toEqual(['worker-1', 'worker-2', 'host']);
  });
});
