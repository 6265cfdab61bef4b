// The "Columns" control: the results table's columns in order, each with buttons to move it left
// or right and to remove it, and a box to add a field (suggesting the fields the caller may query).
// Changes go to `columns` (and so to the URL); the search is not run again.
import { useSignal } from '@preact/signals';
import { addColumn, moveColumn, removeColumn } from './column-order.ts';
import { columns } from './state.ts';
import { knownFields, loadFields } from './suggestion-source.ts';

export function ColumnsControl() {
  const open = useSignal(false);
  const adding = useSignal('');
  const add = (event: Event) => {
    event.preventDefault();
    columns.value = addColumn(columns.value, adding.value);
    adding.value = '';
  };
  return (
    <div class="columns-control">
      <button
        type="button"
        class="secondary"
        aria-expanded={open.value}
        aria-controls="columns-panel"
        onClick={() => {
          void loadFields();
          open.value = !open.value;
        }}
      >
        Columns
      </button>
      <div id="columns-panel" class="columns-panel" hidden={!open.value}>
        <ol aria-label="Columns shown">
          {columns.value.map((name, index) => (
            <li key={name}>
              <span class="mono">{name}</span>
              <button type="button" class="secondary" aria-label={`Move ${name} left`} disabled={index === 0} onClick={() => (columns.value = moveColumn(columns.value, name, -1))}>
                ←
              </button>
              <button
                type="button"
                class="secondary"
                aria-label={`Move ${name} right`}
                disabled={index === columns.value.length - 1}
                onClick={() => (columns.value = moveColumn(columns.value, name, 1))}
              >
                →
              </button>
              <button type="button" class="secondary" aria-label={`Remove ${name}`} disabled={columns.value.length === 1} onClick={() => (columns.value = removeColumn(columns.value, name))}>
                ✕
              </button>
            </li>
          ))}
        </ol>
        <form onSubmit={add}>
          <label for="column-add">Add column</label> <input id="column-add" class="mono" list="column-fields" value={adding.value} onInput={(event) => (adding.value = event.currentTarget.value)} />
          <datalist id="column-fields">
            {(knownFields.value?.fields ?? []).map((field) => (
              <option key={field.name} value={field.name} />
            ))}
          </datalist>{' '}
          <button type="submit" class="secondary">
            Add
          </button>
        </form>
      </div>
    </div>
  );
}
