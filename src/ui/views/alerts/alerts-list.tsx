// The alerts list (/ui/alerts): the caller's alerts as the API answers them (its scope and masking
// apply), filtered by the form, ordered by last seen (the column header flips it), each row a link
// to the alert. It refreshes every 10 s while the tab is visible, and on Refresh.
import type { AlertContract, AlertsResponse } from '../../../contracts/alerts.ts';
import { api } from '../../api.ts';
import { Link } from '../../components/link.tsx';
import { Busy, ErrorNotice, PageHeader } from '../../components/notice.tsx';
import { formatTime } from '../../format.ts';
import { location, navigate, withQuery } from '../../router.ts';
import { AlertFilterForm } from './alert-filters.tsx';
import { LevelBadge, StateBadge } from '../detections/badges.tsx';
import { formatGroup } from '../detections/explain.ts';
import { useLoad } from '../detections/use-load.ts';
import { filtersFrom, sortByLastSeen, sortFrom, type AlertFilters, type SortOrder } from './filters.ts';
import { POLL_MS, usePoll } from './use-poll.ts';
import '../detections/detections.css';

export function AlertsList() {
  const { query } = location.value;
  const filters = filtersFrom(query);
  const sort = sortFrom(query);
  const key = JSON.stringify(filters);
  const list = useLoad(key, (signal) => api<AlertsResponse>('GET', '/api/v1/alerts', { query: { ...filters, limit: 500 }, signal }));
  usePoll(list.reload);
  return (
    <section class="alerts">
      <PageHeader title="Alerts">
        <span class="muted" aria-live="polite">
          {list.loading && list.data ? 'Refreshing…' : `Refreshes every ${POLL_MS / 1000} s while this tab is visible`}
        </span>
        <button type="button" class="secondary" onClick={list.reload}>
          Refresh
        </button>
      </PageHeader>
      <AlertFilterForm key={key} filters={filters} sort={sort} />
      <ErrorNotice error={list.error} />
      {list.data ? <AlertsTable alerts={sortByLastSeen(list.data.alerts, sort)} filters={filters} sort={sort} /> : list.error ? null : <Busy />}
    </section>
  );
}

function AlertsTable({ alerts, filters, sort }: { alerts: readonly AlertContract[]; filters: AlertFilters; sort: SortOrder }) {
  if (alerts.length === 0) return <p class="empty">No alert matches these filters.</p>;
  const flip = () => navigate(withQuery('/alerts', { ...filters, sort: sort === 'asc' ? undefined : 'asc' }), { replace: true });
  return (
    <table class="alerts-table" aria-label="Alerts">
      <thead>
        <tr>
          <th scope="col" aria-sort={sort === 'asc' ? 'ascending' : 'descending'}>
            <button type="button" class="sort" onClick={flip} title="Change the order">
              Last seen {sort === 'asc' ? '▲' : '▼'}
            </button>
          </th>
          <th scope="col">Level</th>
          <th scope="col">State</th>
          <th scope="col">Rule</th>
          <th scope="col">Group</th>
          <th scope="col">Systems</th>
          <th scope="col">Detections</th>
          <th scope="col">Assignee</th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((alert) => (
          <AlertRow key={alert.id} alert={alert} />
        ))}
      </tbody>
    </table>
  );
}

function AlertRow({ alert }: { alert: AlertContract }) {
  return (
    <tr>
      <td class="mono">{formatTime(alert.lastSeen)}</td>
      <td>
        <LevelBadge level={alert.rule.level} />
      </td>
      <td>
        <StateBadge state={alert.state} />
      </td>
      <td>
        <Link to={`/alerts/${alert.id}`}>{alert.rule.title}</Link>
      </td>
      <td class="mono">{formatGroup(alert.group)}</td>
      <td>{alert.systems.join(', ')}</td>
      <td>{alert.detectionCount}</td>
      <td>{alert.assignee ?? ''}</td>
    </tr>
  );
}
