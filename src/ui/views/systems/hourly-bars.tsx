// A system's events per hour over the last 24 hours as small bars (one per hour, oldest left),
// from the histogram of GET /api/v1/aggregate. Drawn as plain elements whose heights are set
// through the CSSOM (allowed by the page's CSP), read out as a sentence for screen readers.
// Needs events.read: without it the cell says so instead of failing.
import type { z } from 'zod';
import type { histogramResponse } from '../../../contracts/search.ts';
import { api } from '../../api.ts';
import { useAnswer } from '../../components/use-answer.ts';
import { formatCount, formatTime } from '../../format.ts';
import { can } from '../../session.ts';
import { systemQuery } from './system-facts.ts';

type Histogram = z.infer<typeof histogramResponse>;

const HOUR_MS = 3_600_000;
const HOURS = 24;

export function HourlyBars({ system, size = 'small' }: { system: string; size?: 'small' | 'large' }) {
  if (!can('events.read')) return <span class="muted">needs events.read</span>;
  return <Bars system={system} size={size} />;
}

function Bars({ system, size }: { system: string; size: 'small' | 'large' }) {
  const answer = useAnswer(
    (signal) => {
      const to = Date.now();
      const from = Math.floor(to / HOUR_MS) * HOUR_MS - (HOURS - 1) * HOUR_MS;
      return api<Histogram>('GET', '/api/v1/aggregate', { query: { q: systemQuery(system), from: new Date(from).toISOString(), to: new Date(to).toISOString(), interval: '1h' }, signal });
    },
    [system],
  );
  if (answer.error) return <span class="muted">—</span>;
  const buckets = answer.data?.buckets ?? [];
  const peak = Math.max(1, ...buckets.map((bucket) => bucket.count));
  const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  const label = answer.data ? `${formatCount(total)} events in the last 24 hours, at most ${formatCount(peak === 1 && total === 0 ? 0 : peak)} in an hour` : 'loading events per hour';
  return (
    <span class={`bars bars-${size}`} role="img" aria-label={label} data-total={total}>
      {buckets.map((bucket) => (
        <span
          key={bucket.start}
          class="bar"
          title={`${formatTime(bucket.start)}: ${formatCount(bucket.count)}`}
          style={{ height: `${Math.max(bucket.count > 0 ? 8 : 0, (bucket.count / peak) * 100)}%` }}
        />
      ))}
    </span>
  );
}
