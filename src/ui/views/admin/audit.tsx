// The audit trail (audit.read, R-ACCESS-2): who did what, when, from where, with which outcome —
// filtered by actor, action and time (kept in the URL, so a filtered trail can be shared), newest
// first, a page at a time with the server's cursor.
import { useSignal } from '@preact/signals';
import { AUDIT_ACTION_NAMES } from '../../../contracts/audit-actions.ts';
import type { AuditResponse } from '../../../contracts/audit.ts';
import { api } from '../../api.ts';
import { Busy, ErrorNotice } from '../../components/notice.tsx';
import { formatTime, formatValue } from '../../format.ts';
import { location, navigate, withQuery } from '../../router.ts';
import { useResource } from './use-resource.ts';

const PAGE_SIZE = 50;
const FILTERS = ['user', 'action', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

export function AuditPanel() {
  const query = location.value.query;
  const filters: Filters = { user: query.get('user') ?? '', action: query.get('action') ?? '', from: query.get('from') ?? '', to: query.get('to') ?? '' };
  const key = FILTERS.map((name) => filters[name]).join('\u0000');
  // The cursors of the pages before the one shown, to go back; the current page's own cursor last.
  const cursors = useSignal<string[]>([]);
  const page = useResource(
    () =>
      api<AuditResponse>('GET', '/api/v1/audit', {
        query: { limit: PAGE_SIZE, cursor: cursors.value.at(-1), ...Object.fromEntries(FILTERS.map((name) => [name, filters[name] || undefined])) },
      }),
    [key, cursors.value],
  );
  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit trail</h2>
      <AuditFilters
        initial={filters}
        onApply={(next) => {
          cursors.value = [];
          navigate(withQuery('/admin/audit', next), { replace: true });
        }}
      />
      <ErrorNotice error={page.error.value} />
      {page.data.value ? <AuditTable events={page.data.value.events} /> : page.error.value ? null : <Busy />}
      <div class="pager">
        <button type="button" class="secondary" disabled={cursors.value.length === 0} onClick={() => (cursors.value = cursors.value.slice(0, -1))}>
          Newer
        </button>
        <button type="button" class="secondary" disabled={!page.data.value?.cursor} onClick={() => (cursors.value = [...cursors.value, page.data.value?.cursor as string])}>
          Older
        </button>
      </div>
    </section>
  );
}

function AuditFilters({ initial, onApply }: { initial: Filters; onApply: (filters: Filters) => void }) {
  const user = useSignal(initial.user);
  const action = useSignal(initial.action);
  const from = useSignal(initial.from);
  const to = useSignal(initial.to);
  const submit = (event: Event) => {
    event.preventDefault();
    onApply({ user: user.value.trim(), action: action.value, from: from.value.trim(), to: to.value.trim() });
  };
  return (
    <form class="filters" aria-label="Audit filters" onSubmit={submit}>
      <label>
        Actor
        <input value={user.value} placeholder="any" onInput={(event) => (user.value = event.currentTarget.value)} />
      </label>
      <span class="field">
        <label for="audit-action">Action</label>
        <select id="audit-action" value={action.value} onChange={(event) => (action.value = event.currentTarget.value)}>
          <option value="">any</option>
          {AUDIT_ACTION_NAMES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </span>
      <label>
        From
        <input value={from.value} placeholder="now-7d or 2026-12-01" onInput={(event) => (from.value = event.currentTarget.value)} />
      </label>
      <label>
        To
        <input value={to.value} placeholder="now" onInput={(event) => (to.value = event.currentTarget.value)} />
      </label>
      <button type="submit">Apply</button>
    </form>
  );
}

function AuditTable({ events }: { events: AuditResponse['events'] }) {
  if (events.length === 0) return <p class="muted">No audited actions match.</p>;
  return (
    <table class="admin-table" aria-label="Audit trail">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Actor</th>
          <th scope="col">Action</th>
          <th scope="col">Outcome</th>
          <th scope="col">Target</th>
          <th scope="col">From</th>
          <th scope="col">What</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event, index) => (
          <tr key={formatValue(event['event.id']) || index}>
            <td class="nowrap">{formatTime(formatValue(event['@timestamp']))}</td>
            <td class="nowrap">{formatValue(event['user.name'])}</td>
            <td class="nowrap">{formatValue(event['event.action'])}</td>
            <td class={`outcome-${formatValue(event['event.outcome'])}`}>{formatValue(event['event.outcome'])}</td>
            <td>{formatValue(event['logwarden.audit.target'])}</td>
            <td class="mono">{formatValue(event['source.ip'])}</td>
            <td>{formatValue(event['message'])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
