// "Filter for" and "Filter out" one value of a field, from the field sidebar or the record panel:
// the query gets the clause and the search runs (state.ts addFilter).
import { addFilter } from '../state.ts';

export function FilterButtons({ field, value }: { field: string; value: string }) {
  return (
    <span class="filter-buttons">
      <button type="button" class="icon-button" aria-label={`Filter for ${field}: ${value}`} title={`Filter for ${field}: ${value}`} onClick={() => addFilter(field, value, false)}>
        +
      </button>
      <button type="button" class="icon-button" aria-label={`Filter out ${field}: ${value}`} title={`Filter out ${field}: ${value}`} onClick={() => addFilter(field, value, true)}>
        −
      </button>
    </span>
  );
}
