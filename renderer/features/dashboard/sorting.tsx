import { useMemo, useState } from 'react';

export type SortDirection = 'ascending' | 'descending';

export interface SortColumn<T> {
  key: string;
  label: string;
  /** The value to sort by; null sorts last either way. */
  value: (row: T) => string | number | null;
  numeric?: boolean;
}

export interface SortState {
  key: string;
  direction: SortDirection;
}

export function sortRows<T>(rows: readonly T[], column: SortColumn<T>, direction: SortDirection): T[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)));
  });
}

/** Sort state for a table: clicking a column sorts by it; clicking it again flips the direction. */
export function useSortedRows<T>(rows: readonly T[], columns: readonly SortColumn<T>[], initial: SortState) {
  const [sort, setSort] = useState(initial);
  const sorted = useMemo(() => {
    const column = columns.find((c) => c.key === sort.key) ?? columns[0]!;
    return sortRows(rows, column, sort.direction);
  }, [rows, columns, sort]);
  const sortBy = (key: string) =>
    setSort((s) =>
      s.key === key
        ? { key, direction: s.direction === 'ascending' ? 'descending' : 'ascending' }
        : { key, direction: columns.find((c) => c.key === key)?.numeric ? 'descending' : 'ascending' },
    );
  return { sorted, sort, sortBy };
}

/** Column headers with a sort button each; `aria-sort` marks the sorted column. */
export function SortableHeaders<T>({
  columns,
  sort,
  onSort,
}: {
  columns: readonly SortColumn<T>[];
  sort: SortState;
  onSort: (key: string) => void;
}) {
  return (
    <tr>
      {columns.map((column) => {
        const active = column.key === sort.key;
        return (
          <th key={column.key} scope="col" aria-sort={active ? sort.direction : 'none'} className={column.numeric ? 'num' : undefined}>
            <button type="button" className="dash-sort" onClick={() => onSort(column.key)}>
              {column.label}
              <span aria-hidden="true" className="dash-sort__arrow">
                {active ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
              </span>
            </button>
          </th>
        );
      })}
    </tr>
  );
}
