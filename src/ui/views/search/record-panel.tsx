// The record panel of the search view (docs/ui.md "The record: fields, context and integrity"):
// the selected event's every field (filter for / out, add a column), copy as JSON, its context from
// the same source and, for a viewer who may see evidence, its integrity checked in the browser.
// Closed with Escape or its button. It reads and changes the search through ./state.ts.
import { useSignal, useSignalEffect } from '@preact/signals';
import { can, masked } from '../../session.ts';
import { RecordContext } from './record/record-context.tsx';
import { RecordFields } from './record/record-fields.tsx';
import { RecordIntegrity } from './record/record-integrity.tsx';
import { selected, type SearchEvent } from './state.ts';
import './record/record.css';

export function RecordPanel() {
  const event = selected.value;
  useSignalEffect(() => {
    if (selected.value === undefined) return;
    const onKey = (key: KeyboardEvent) => {
      if (key.key === 'Escape') selected.value = undefined;
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });
  if (event === undefined) return null;
  const seq = Number(event['event.sequence']);
  return (
    <section class="record-panel" aria-labelledby="record-heading">
      <header class="record-header">
        <h2 id="record-heading">Record</h2>
        <div class="record-actions">
          <CopyJson event={event} />
          <button type="button" aria-label="Close the record" onClick={() => (selected.value = undefined)}>
            Close
          </button>
        </div>
      </header>
      <p class="muted">
        Sequence number <span class="mono">{seq}</span>
      </p>
      <RecordFields event={event} />
      <RecordContext key={seq} seq={seq} />
      {!masked.value && can('integrity.read') ? <RecordIntegrity key={seq} seq={seq} /> : null}
    </section>
  );
}

function CopyJson({ event }: { event: SearchEvent }) {
  const status = useSignal('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(`${JSON.stringify(event, null, 2)}\n`);
      status.value = 'Copied';
    } catch (error) {
      status.value = `Could not copy: ${error instanceof Error ? error.message : String(error)}`;
    }
  };
  return (
    <>
      <button type="button" onClick={() => void copy()}>
        Copy as JSON
      </button>
      <span class="muted" role="status" aria-live="polite">
        {status.value}
      </span>
    </>
  );
}
