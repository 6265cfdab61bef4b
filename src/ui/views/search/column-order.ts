// Changing the results table's columns: add, remove, move one place. Pure.

export function addColumn(columns: readonly string[], name: string): readonly string[] {
  const trimmed = name.trim();
  return trimmed === '' || columns.includes(trimmed) ? columns : [...columns, trimmed];
}

/** Without `name`; the last column stays (a table needs one). */
export function removeColumn(columns: readonly string[], name: string): readonly string[] {
  return columns.length <= 1 ? columns : columns.filter((column) => column !== name);
}

/** `name` moved one place left (`-1`) or right (`1`); unchanged at either end. */
export function moveColumn(columns: readonly string[], name: string, by: -1 | 1): readonly string[] {
  const from = columns.indexOf(name);
  const to = from + by;
  if (from < 0 || to < 0 || to >= columns.length) return columns;
  const next = [...columns];
  next[from] = next[to] as string;
  next[to] = name;
  return next;
}
