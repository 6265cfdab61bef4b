// The time range: relative presets (the last 15 minutes … 30 days) and absolute bounds typed as
// ISO 8601 times (or any bound the API reads: `now-2h`, epoch milliseconds). A zoom on the
// histogram sets absolute bounds; picking a preset is the way back.
import { useSignal, useSignalEffect } from '@preact/signals';
import { range, setRange } from './state.ts';

export const PRESETS: readonly { readonly label: string; readonly from: string }[] = [
  { label: 'Last 15 minutes', from: 'now-15m' },
  { label: 'Last hour', from: 'now-1h' },
  { label: 'Last 24 hours', from: 'now-24h' },
  { label: 'Last 7 days', from: 'now-7d' },
  { label: 'Last 30 days', from: 'now-30d' },
];

const CUSTOM = 'custom';

/** The preset a range is, or `custom`. */
export function presetOf(from: string, to: string): string {
  return to === 'now' && PRESETS.some((preset) => preset.from === from) ? from : CUSTOM;
}

export function TimeRangePicker() {
  const from = useSignal(range.peek().from);
  const to = useSignal(range.peek().to);
  useSignalEffect(() => {
    from.value = range.value.from;
    to.value = range.value.to;
  });
  const current = presetOf(range.value.from, range.value.to);
  const apply = (event: Event) => {
    event.preventDefault();
    setRange({ from: from.value.trim() || 'now-15m', to: to.value.trim() || 'now' });
  };
  return (
    <form class="time-range" aria-label="Time range" onSubmit={apply}>
      <label for="range-preset">Range</label>
      <select id="range-preset" value={current} onChange={(event) => event.currentTarget.value !== CUSTOM && setRange({ from: event.currentTarget.value, to: 'now' })}>
        {PRESETS.map((preset) => (
          <option key={preset.from} value={preset.from}>
            {preset.label}
          </option>
        ))}
        <option value={CUSTOM}>Custom</option>
      </select>
      <label for="range-from">From</label>
      <input id="range-from" class="mono time-bound" value={from.value} onInput={(event) => (from.value = event.currentTarget.value)} />
      <label for="range-to">To</label>
      <input id="range-to" class="mono time-bound" value={to.value} onInput={(event) => (to.value = event.currentTarget.value)} />
      <button type="submit" class="secondary">
        Apply
      </button>
    </form>
  );
}
