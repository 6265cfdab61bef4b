// The alerts list's filter form: state, level, rule, system, assignee and the last-seen range.
// Applying writes them to the URL (filters.ts), which the list reads; so Back returns to the
// previous filter.
import { useState } from 'preact/hooks';
import { navigate, withQuery } from '../../router.ts';
import { LevelSelect, TextFilters } from '../detections/filter-fields.tsx';
import { ALERT_STATES, FILTER_NAMES, type AlertFilters, type FilterName, type SortOrder } from './filters.ts';

const TEXT_FILTERS: readonly [FilterName, string, string][] = [
  ['rule', 'Rule', 'id or title'],
  ['system', 'System', 'e.g. web'],
  ['assignee', 'Assignee', 'name, or none'],
  ['from', 'From', 'now-7d'],
  ['to', 'To', 'now'],
];

export function AlertFilterForm({ filters, sort }: { filters: AlertFilters; sort: SortOrder }) {
  const [draft, setDraft] = useState<AlertFilters>(filters);
  const set = (name: FilterName, value: string) => setDraft({ ...draft, [name]: value });
  const apply = (event: Event) => {
    event.preventDefault();
    const params: Record<string, string | undefined> = {};
    for (const name of FILTER_NAMES) params[name] = draft[name]?.trim();
    navigate(withQuery('/alerts', { ...params, sort: sort === 'asc' ? 'asc' : undefined }));
  };
  return (
    <form class="filter-bar" onSubmit={apply} aria-label="Filter alerts">
      <label>
        State
        <select value={draft.state ?? ''} onChange={(event) => set('state', event.currentTarget.value)}>
          <option value="">any</option>
          <option value="open,acknowledged">active (open, acknowledged)</option>
          {ALERT_STATES.map((state) => (
            <option key={state} value={state}>
              {state}
            </option>
          ))}
        </select>
      </label>
      <LevelSelect value={draft.level} onChange={(value) => set('level', value)} />
      <TextFilters fields={TEXT_FILTERS} draft={draft} set={set} />
      <button type="submit">Apply</button>
    </form>
  );
}
