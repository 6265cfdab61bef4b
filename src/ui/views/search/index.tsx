// The Search view (docs/ui.md#search): the query box, the time range and the histogram above, the
// field sidebar left of the results table, the record panel for the selected event, the saved
// searches in the header. The parts talk only through ./state.ts; this file wires the URL and
// names what submitting does.
import { useEffect } from 'preact/hooks';
import { PageHeader } from '../../components/notice.tsx';
import { formatCount } from '../../format.ts';
import type { ViewProps } from '../../views.tsx';
import { FieldSidebar } from './field-sidebar.tsx';
import { HistogramChart } from './histogram.tsx';
import { QueryBox } from './query-box.tsx';
import { RecordPanel } from './record-panel.tsx';
import { ResultsTable } from './results-table.tsx';
import { SavedSearches } from './saved-searches.tsx';
import { followUrl, keepColumnsInUrl, submitSearch } from './search-runner.ts';
import { TimeRangePicker } from './time-range.tsx';
import { matchCount, results, searching, selected, setSearchRunner } from './state.ts';
import './search.css';

export function SearchView(_props: ViewProps) {
  useEffect(() => {
    setSearchRunner(submitSearch);
    const stopFollowing = followUrl();
    const stopColumns = keepColumnsInUrl();
    return () => {
      stopFollowing();
      stopColumns();
    };
  }, []);
  return (
    <div class="search-view">
      <PageHeader title="Search">
        <SavedSearches />
      </PageHeader>
      <QueryBox />
      <TimeRangePicker />
      <HistogramChart />
      <MatchCount />
      <div class="search-body">
        <FieldSidebar />
        <ResultsTable />
        {selected.value !== undefined ? <RecordPanel /> : null}
      </div>
    </div>
  );
}

function MatchCount() {
  const count = matchCount.value;
  const text = searching.value ? 'Searching…' : count === undefined ? '' : `${formatCount(count)} ${count === 1 ? 'event' : 'events'} (${formatCount(results.value.length)} loaded)`;
  return (
    <p class="match-count" role="status" aria-live="polite">
      {text}
    </p>
  );
}
