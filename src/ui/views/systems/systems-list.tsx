// The systems list: one row per system with its senders, events today and per hour, last seen,
// clock skew, field coverage, and a "silent" flag when it has stopped sending.
import type { SystemsResponse, SystemSummaryContract } from '../../../contracts/systems.ts';
import { Link } from '../../components/link.tsx';
import { formatCount, formatTime } from '../../format.ts';
import { CoverageCell } from './coverage-cell.tsx';
import { HourlyBars } from './hourly-bars.tsx';
import { formatAge, formatSkew, isSilent, SILENT_AFTER_MS } from './system-facts.ts';

export function SystemsList({ answer, now }: { answer: SystemsResponse; now: number }) {
  return (
    <>
      <p class="muted">
        Events today are counted for {answer.day} (UTC). A configured system is flagged <span class="tag tag-silent">silent</span> when it has sent nothing for {SILENT_AFTER_MS / 60_000} minutes.
        Coverage: the required field carried by the fewest events of the last 24 hours.
      </p>
      <table class="systems">
        <thead>
          <tr>
            <th scope="col">System</th>
            <th scope="col">Owner</th>
            <th scope="col">Senders</th>
            <th scope="col" class="num">
              Events today
            </th>
            <th scope="col">Events per hour (24 h)</th>
            <th scope="col">Last seen</th>
            <th scope="col">Clock skew</th>
            <th scope="col">Coverage</th>
          </tr>
        </thead>
        <tbody>
          {answer.systems.map((system) => (
            <SystemRow key={system.name} system={system} now={now} />
          ))}
        </tbody>
      </table>
    </>
  );
}

function SystemRow({ system, now }: { system: SystemSummaryContract; now: number }) {
  const silent = isSilent(system, now);
  return (
    <tr class={silent ? 'system-silent' : undefined} data-system={system.name}>
      <th scope="row">
        <Link to={`/systems/${encodeURIComponent(system.name)}`}>{system.name}</Link> {silent ? <span class="tag tag-silent">silent</span> : null}
        {system.configured ? null : <span class="tag">not in the inventory</span>}
      </th>
      <td>{system.owner}</td>
      <td class="num">{formatCount(system.sourceCount)}</td>
      <td class="num">{formatCount(system.eventsToday)}</td>
      <td>
        <HourlyBars system={system.name} />
      </td>
      <td title={system.lastSeen ? formatTime(system.lastSeen) : undefined}>{formatAge(system.lastSeen, now)}</td>
      <td>{formatSkew(system.worstSkewMs)}</td>
      <td>
        <CoverageCell system={system.name} />
      </td>
    </tr>
  );
}
