// One system: what the inventory says of it, its senders today with their clock skew, its events
// per hour, and its field coverage per requirement and per sender (last 24 hours).
import type { CoverageResponse, SystemSummaryContract } from '../../../contracts/systems.ts';
import { Busy, ErrorNotice, PageHeader } from '../../components/notice.tsx';
import { Link } from '../../components/link.tsx';
import { formatCount, formatTime } from '../../format.ts';
import { useCoverage } from './coverage-cell.tsx';
import { HourlyBars } from './hourly-bars.tsx';
import { formatAge, formatSkew, isSilent } from './system-facts.ts';

export function SystemDetail({ system, now }: { system: SystemSummaryContract; now: number }) {
  const coverage = useCoverage(system.name);
  return (
    <div class="system-detail">
      <PageHeader title={`System ${system.name}`}>
        <Link to="/systems" class="button secondary">
          All systems
        </Link>
      </PageHeader>
      <dl class="system-facts">
        <dt>Owner</dt>
        <dd>{system.owner || '—'}</dd>
        <dt>Description</dt>
        <dd>{system.description || '—'}</dd>
        <dt>Match rules</dt>
        <dd>
          <code>{JSON.stringify(system.match)}</code>
        </dd>
        <dt>Last seen</dt>
        <dd>
          {formatAge(system.lastSeen, now)} {system.lastSeen ? `(${formatTime(system.lastSeen)})` : ''} {isSilent(system, now) ? <span class="tag tag-silent">silent</span> : null}
        </dd>
        <dt>Events today</dt>
        <dd>{formatCount(system.eventsToday)}</dd>
        <dt>Worst clock skew</dt>
        <dd>{formatSkew(system.worstSkewMs)}</dd>
      </dl>
      <h2>Events per hour, last 24 hours</h2>
      <HourlyBars system={system.name} size="large" />
      <Senders system={system} />
      <h2>Field coverage, last 24 hours</h2>
      <ErrorNotice error={coverage.error} />
      {coverage.data ? <CoverageTable coverage={coverage.data} /> : coverage.error ? null : <Busy />}
    </div>
  );
}

function Senders({ system }: { system: SystemSummaryContract }) {
  return (
    <>
      <h2>Senders today</h2>
      {system.sources.length === 0 ? (
        <p class="muted">No sender today.</p>
      ) : (
        <table class="senders">
          <thead>
            <tr>
              <th scope="col">Host</th>
              <th scope="col">Identity</th>
              <th scope="col">Peer</th>
              <th scope="col" class="num">
                Events today
              </th>
              <th scope="col">Last seen</th>
              <th scope="col">Clock skew (median)</th>
            </tr>
          </thead>
          <tbody>
            {system.sources.map((source) => (
              <tr key={`${source.identity}|${source.peer}|${source.host}`}>
                <td>{source.host || '—'}</td>
                <td>{source.identity || '—'}</td>
                <td>{source.peer}</td>
                <td class="num">{formatCount(source.eventsToday)}</td>
                <td>{formatTime(source.lastSeen)}</td>
                <td>
                  {formatSkew(source.skewMedianMs)}
                  {source.skewSamples ? <span class="muted"> ({source.skewSamples} samples)</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {system.moreSources > 0 ? <p class="muted">and {formatCount(system.moreSources)} more senders</p> : null}
    </>
  );
}

function percent(share: { percent: number | null } | undefined): string {
  return share?.percent === null || share?.percent === undefined ? '—' : `${share.percent}%`;
}

function CoverageTable({ coverage }: { coverage: CoverageResponse }) {
  return (
    <table class="coverage">
      <thead>
        <tr>
          <th scope="col">Sender</th>
          <th scope="col" class="num">
            Events
          </th>
          {coverage.requirements.map((requirement) => (
            <th scope="col" key={requirement.key} title={requirement.fields.join(' or ')}>
              {requirement.requirement}
            </th>
          ))}
          <th scope="col">Clock flagged</th>
        </tr>
      </thead>
      <tbody>
        <tr class="coverage-overall">
          <th scope="row">All senders</th>
          <td class="num">{formatCount(coverage.overall.events)}</td>
          {coverage.requirements.map((requirement) => (
            <td key={requirement.key}>{percent(coverage.overall.present[requirement.key])}</td>
          ))}
          <td>{percent(coverage.overall.skewed)}</td>
        </tr>
        {coverage.sources.map((source) => (
          <tr key={source.key + source.identity}>
            <th scope="row">{source.host || source.identity || source.peer}</th>
            <td class="num">{formatCount(source.events)}</td>
            {coverage.requirements.map((requirement) => (
              <td key={requirement.key}>{percent(source.present[requirement.key])}</td>
            ))}
            <td>{percent(source.skewed)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
