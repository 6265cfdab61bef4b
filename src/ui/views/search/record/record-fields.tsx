// Every field of the open record as a table: name, value, filter for / out each value, and
// "Add column" for a field the results table does not show yet.
import { columns, type SearchEvent } from '../state.ts';
import { FilterButtons } from './filter-buttons.tsx';
import { recordRows } from './flatten.ts';

export function RecordFields({ event }: { event: SearchEvent }) {
  const shown = columns.value;
  return (
    <table class="record-fields">
      <caption class="visually-hidden">Fields of the record</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Value</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {recordRows(event).map(({ field, values }) => (
          <tr key={field}>
            <th scope="row" class="mono">
              {field}
            </th>
            <td>
              {values.map((value, index) => (
                <div key={index} class="record-value">
                  <span class="mono">{value}</span>
                  <FilterButtons field={field} value={value} />
                </div>
              ))}
            </td>
            <td>
              {shown.includes(field) ? null : (
                <button type="button" aria-label={`Add column ${field}`} onClick={() => (columns.value = [...columns.value, field])}>
                  Add column
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
