// How the UI writes times, counts and sizes: UTC ISO times with milliseconds (the policy's
// timestamps are UTC, R-FIELDS-2), thousands separated. Pure.

/** `2026-12-02T09:15:00.123Z` → `2026-12-02 09:15:00.123`; kept as given when not a time. */
export function formatTime(value: string | number | undefined | null): string {
  if (value === undefined || value === null || value === '') return '';
  const date = new Date(typeof value === 'number' ? value : Date.parse(value));
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** 1536 → `1.5 KiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** A field value as text for a cell: arrays joined, objects as JSON. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
