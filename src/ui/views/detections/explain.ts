// Why a detection fired, as lines a person reads: the `why` the API returns (docs/api.md,
// "GET /api/v1/detections") — a match's searches and values, a correlation's type, window, count
// and condition, an anomaly's observation against its baseline — each as a label and a value.
// Members this does not know are shown as they are rather than dropped. Pure.
import { formatTime, formatValue } from '../../format.ts';

export interface ExplanationLine {
  readonly label: string;
  readonly value: string;
}

const COMPARISONS: Readonly<Record<string, string>> = { gt: '>', gte: '≥', lt: '<', lte: '≤', eq: '=', neq: '≠' };

/** `{gte: 10}` → `≥ 10`; `{gte: 2, lt: 5}` → `≥ 2 and < 5`. */
export function formatCondition(condition: unknown): string {
  if (condition === null || typeof condition !== 'object') return formatValue(condition);
  const parts = Object.entries(condition).map(([operator, value]) => `${COMPARISONS[operator] ?? operator} ${formatValue(value)}`);
  return parts.join(' and ');
}

/** 36000 → `36 s`, 90000 → `1 min 30 s`, 7200000 → `2 h`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return String(ms);
  if (ms < 1000) return `${ms} ms`;
  const seconds = Math.round(ms / 1000);
  const units: [number, string][] = [
    [86_400, 'd'],
    [3600, 'h'],
    [60, 'min'],
    [1, 's'],
  ];
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, unit] of units) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${unit}`);
      rest %= size;
    }
  }
  return parts.slice(0, 2).join(' ');
}

function formatWindow(window: unknown): string {
  const { from, to } = (window ?? {}) as { from?: unknown; to?: unknown };
  if (typeof from !== 'number' || typeof to !== 'number') return formatValue(window);
  return `${formatTime(from)} – ${formatTime(to)} (${formatDuration(to - from)})`;
}

function formatValues(values: unknown): string {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) return formatValue(values);
  return Object.entries(values)
    .map(([field, value]) => `${field} = ${formatValue(value)}`)
    .join('; ');
}

/** How each known member of `why` is labelled and written; the order is the order shown. */
const KNOWN: readonly [string, string, (value: unknown) => string][] = [
  ['kind', 'Kind', formatValue],
  ['type', 'Type', formatValue],
  ['searches', 'Searches that held', formatValue],
  ['count', 'Count', formatValue],
  ['condition', 'Condition', formatCondition],
  ['window', 'Window', formatWindow],
  ['values', 'Values', formatValues],
  ['observed', 'Observed', formatValue],
  ['baseline', 'Baseline', formatValue],
  ['deviation', 'Deviation', formatValue],
  ['value', 'Value', formatValue],
  ['lastSeen', 'Last seen before', (value) => (typeof value === 'number' || typeof value === 'string' ? formatTime(value) : formatValue(value))],
  ['usualGapMs', 'Usual gap', (value) => (typeof value === 'number' ? formatDuration(value) : formatValue(value))],
  ['rules', 'Rules it correlates', formatValue],
];

export function explain(why: Readonly<Record<string, unknown>>): ExplanationLine[] {
  const lines: ExplanationLine[] = [];
  for (const [key, label, write] of KNOWN) if (why[key] !== undefined) lines.push({ label, value: write(why[key]) });
  const known = new Set(KNOWN.map(([key]) => key));
  for (const [key, value] of Object.entries(why)) if (!known.has(key) && value !== undefined) lines.push({ label: key, value: formatValue(value) });
  return lines;
}

/** A group key as text: `source.ip=203.0.113.9, user.name=root`; empty for a plain rule match. */
export function formatGroup(group: Readonly<Record<string, string>>): string {
  return Object.entries(group)
    .map(([field, value]) => `${field}=${value}`)
    .join(', ');
}
