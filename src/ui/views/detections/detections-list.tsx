// The recent detections (/ui/detections): GET /api/v1/detections with the form's filters, newest
// first, each with its alert (when the caller may read alerts and one holds it) and a link that
// opens its evidence in the search. Refreshed by the Refresh button only: every read is audited.
import { useState } from 'preact/hooks';
import type { AlertsResponse } from '../../../contracts/alerts.ts';
import type { DetectionContract, DetectionsResponse } from '../../../contracts/detections.ts';
import { api } from '../../api.ts';
import { Link } from '../../components/link.tsx';
import { Busy, ErrorNotice } from '../../components/notice.tsx';
import { formatTime } from '../../format.ts';
import { location, navigate, withQuery } from '../../router.ts';
import { can } from '../../session.ts';
import { LevelBadge } from './badges.tsx';
import { alertsByDetection, DEFAULT_FROM, DETECTION_FILTERS, detectionFiltersFrom, type DetectionFilterName, type DetectionFilters } from './detection-filters.ts';
import { evidenceLink } from './evidence.ts';
import { formatGroup } from './explain.ts';
import { LevelSelect, TextFilters } from './filter-fields.tsx';
import { useLoad } from './use-load.ts';

interface Listed {
  readonly detections: readonly DetectionContract[];
  readonly alerts: Map<string, string>;
}

async function loadDetections(filters: DetectionFilters, signal: AbortSignal): Promise<Listed> {
  const query = { ...filters, from: filters.from ?? DEFAULT_FROM, limit: 500 };
  const detections = api<DetectionsResponse>('GET', '/api/v1/detections', { query, signal });
  // An alert holding a detection in the range was last seen at or after the range's start.
  const alertQuery = { rule: filters.rule, system: filters.system, level: filters.level, from: query.from, limit: 1000 };
  const alerts = can('alerts.read') ? api<AlertsResponse>('GET', '/api/v1/alerts', { query: alertQuery, signal }) : Promise.resolve({ alerts: [] });
  const [listed, held] = await Promise.all([detections, alerts]);
  return { detections: listed.detections, alerts: alertsByDetection(held.alerts) };
}

export function DetectionsList() {
  const filters = detectionFiltersFrom(location.value.query);
  const key = JSON.stringify(filters);
  const list = useLoad(key, (signal) => loadDetections(filters, signal));
  return (
    <section aria-labelledby="recent-detections">
      <div class="section-header">
        <h2 id="recent-detections">Recent detections</h2>
        <button type="button" class="secondary" onClick={list.reload} disabled={list.loading}>
          Refresh
        </button>
      </div>
      <DetectionFilterForm key={key} filters={filters} />
      <ErrorNotice error={list.error} />
      {list.data ? <DetectionsTable detections={list.data.detections} alerts={list.data.alerts} /> : list.error ? null : <Busy />}
    </section>
  );
}

const TEXT_FILTERS: readonly [DetectionFilterName, string, string][] = [
  ['rule', 'Rule', 'id or title'],
  ['system', 'System', 'e.g. web'],
  ['from', 'From', DEFAULT_FROM],
  ['to', 'To', 'now'],
];

function DetectionFilterForm({ filters }: { filters: DetectionFilters }) {
  const [draft, setDraft] = useState<DetectionFilters>(filters);
  const set = (name: DetectionFilterName, value: string) => setDraft({ ...draft, [name]: value });
  const apply = (event: Event) => {
    event.preventDefault();
    const params: Record<string, string | undefined> = {};
    for (const name of DETECTION_FILTERS) params[name] = draft[name]?.trim();
    navigate(withQuery('/detections', params));
  };
  return (
    <form class="filter-bar" onSubmit={apply} aria-label="Filter detections">
      <LevelSelect value={draft.level} onChange={(value) => set('level', value)} />
      <TextFilters fields={TEXT_FILTERS} draft={draft} set={set} />
      <button type="submit">Apply</button>
    </form>
  );
}

/** Detections as rows; `alerts` maps a detection to its alert (hunts have none). */
export function DetectionsTable({ detections, alerts, label = 'Detections' }: { detections: readonly Omit<DetectionContract, 'sequence'>[]; alerts?: Map<string, string>; label?: string }) {
  if (detections.length === 0) return <p class="empty">No detection in this range.</p>;
  return (
    <table class="detections-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Level</th>
          <th scope="col">Rule</th>
          <th scope="col">Systems</th>
          <th scope="col">Group</th>
          <th scope="col">Message</th>
          <th scope="col">Links</th>
        </tr>
      </thead>
      <tbody>
        {detections.map((detection) => (
          <DetectionRow key={detection.id} detection={detection} alert={alerts?.get(detection.id)} />
        ))}
      </tbody>
    </table>
  );
}

function DetectionRow({ detection, alert }: { detection: Omit<DetectionContract, 'sequence'>; alert: string | undefined }) {
  const evidence = evidenceLink([detection]);
  return (
    <tr>
      <td class="mono">{formatTime(detection.time)}</td>
      <td>
        <LevelBadge level={detection.rule.level} />
      </td>
      <td>{detection.rule.title}</td>
      <td>{detection.systems.join(', ')}</td>
      <td class="mono">{formatGroup(detection.group)}</td>
      <td>{detection.message}</td>
      <td class="links">
        {alert ? <Link to={`/alerts/${alert}`}>Alert</Link> : null}
        {evidence ? <Link to={evidence.path}>Open in search</Link> : null}
      </td>
    </tr>
  );
}
