// "Context": the events just before and after the open record from the same source (its system,
// host and app), by sequence number, from GET /api/v1/events/:seq/context; the record itself is
// marked, and any neighbour opens in the panel.
import { useSignal, useSignalEffect } from '@preact/signals';
import type { ContextResponseContract } from '../../../../contracts/context.ts';
import { api } from '../../../api.ts';
import { Busy, ErrorNotice } from '../../../components/notice.tsx';
import { formatTime } from '../../../format.ts';
import { selected, type SearchEvent } from '../state.ts';

/** Neighbours on each side. */
const CONTEXT_SIZE = 5;

type ContextState = { readonly kind: 'loading' } | { readonly kind: 'loaded'; readonly context: ContextResponseContract } | { readonly kind: 'failed'; readonly error: unknown };

export function RecordContext({ seq }: { seq: number }) {
  const state = useSignal<ContextState>({ kind: 'loading' });
  useSignalEffect(() => {
    const controller = new AbortController();
    state.value = { kind: 'loading' };
    api<ContextResponseContract>('GET', `/api/v1/events/${seq}/context`, { query: { before: CONTEXT_SIZE, after: CONTEXT_SIZE }, signal: controller.signal }).then(
      (context) => (state.value = { kind: 'loaded', context }),
      (error: unknown) => {
        if (!controller.signal.aborted) state.value = { kind: 'failed', error };
      },
    );
    return () => controller.abort();
  });
  const current = state.value;
  return (
    <section class="record-section" aria-labelledby="record-context-heading">
      <h3 id="record-context-heading">Context</h3>
      {current.kind === 'loading' ? <Busy label="Loading the surrounding events…" /> : null}
      {current.kind === 'failed' ? <ErrorNotice error={current.error} /> : null}
      {current.kind === 'loaded' ? <ContextList context={current.context} /> : null}
    </section>
  );
}

function ContextList({ context }: { context: ContextResponseContract }) {
  const { system, host, app } = context.source;
  return (
    <>
      <p class="muted">
        Same source: system {system || '(none)'}, host {host || '(none)'}, app {app || '(none)'}; by sequence number.
      </p>
      <ol class="record-context" aria-label="Surrounding events">
        {context.events.map((event) => (
          <ContextItem key={String(event['event.sequence'])} event={event} current={event['event.sequence'] === context.seq} />
        ))}
      </ol>
    </>
  );
}

function ContextItem({ event, current }: { event: SearchEvent; current: boolean }) {
  const seq = String(event['event.sequence']);
  const text = `${formatTime(event['@timestamp'] as string | undefined)} ${typeof event['message'] === 'string' ? event['message'] : ''}`;
  if (current)
    return (
      <li class="context-current" aria-current="true">
        <span class="mono">#{seq}</span> {text} <span class="tag">this record</span>
      </li>
    );
  return (
    <li>
      <button type="button" class="link-button" aria-label={`Open record ${seq}`} onClick={() => (selected.value = event)}>
        <span class="mono">#{seq}</span> {text}
      </button>
    </li>
  );
}
