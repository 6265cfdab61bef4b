// The field sidebar of the search view (docs/ui.md "The record: fields, context and integrity"):
// the fields of the loaded results; expanding one shows its top values over the whole search,
// each with "filter for" and "filter out". It reads and changes the search through ./state.ts.
import { ErrorNotice } from '../../components/notice.tsx';
import { formatCount } from '../../format.ts';
import { FilterButtons } from './record/filter-buttons.tsx';
import { aggregatable, fieldsOf } from './record/flatten.ts';
import { expanded, toggleField, topValues } from './sidebar/top-values.ts';
import { results } from './state.ts';
import './sidebar/sidebar.css';

export function FieldSidebar() {
  const fields = fieldsOf(results.value);
  return (
    <nav class="field-sidebar" aria-label="Fields">
      <h2>Fields</h2>
      {fields.length === 0 ? <p class="muted">No results yet.</p> : null}
      <ul>
        {fields.map(({ field, present }) => (
          <li key={field}>{aggregatable(field) ? <ExpandableField field={field} present={present} /> : <PlainField field={field} present={present} />}</li>
        ))}
      </ul>
    </nav>
  );
}

function PlainField({ field, present }: { field: string; present: number }) {
  return (
    <span class="field-name" title="free text and map fields have no top values">
      {field} <span class="muted">{present}</span>
    </span>
  );
}

function ExpandableField({ field, present }: { field: string; present: number }) {
  const open = expanded.value.has(field);
  const id = `top-values-${field.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <>
      <button type="button" class="field-toggle" aria-expanded={open} aria-controls={id} onClick={() => toggleField(field)}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> {field} <span class="muted">{present}</span>
      </button>
      {open ? <TopValueList id={id} field={field} /> : null}
    </>
  );
}

function TopValueList({ id, field }: { id: string; field: string }) {
  const state = topValues.value.get(field);
  if (state === undefined || state.kind === 'loading')
    return (
      <p id={id} class="busy" role="status">
        Counting…
      </p>
    );
  if (state.kind === 'failed')
    return (
      <div id={id}>
        <ErrorNotice error={state.error} />
      </div>
    );
  if (state.buckets.length === 0)
    return (
      <p id={id} class="muted">
        No values.
      </p>
    );
  return (
    <ul id={id} class="top-values" aria-label={`Top values of ${field}`}>
      {state.buckets.map((bucket) => (
        <li key={bucket.value}>
          <span class="top-value mono">{bucket.value === '' ? '(empty)' : bucket.value}</span>
          <span class="top-count">{formatCount(bucket.count)}</span>
          <FilterButtons field={field} value={bucket.value} />
        </li>
      ))}
    </ul>
  );
}
