// The Live tail view (docs/ui.md, "Live tail"): records stored from now on that match a query, in
// the search's query language, newest first, the last 1000 kept. Pause holds what arrives (up to
// 1000, the rest counted) and Resume shows it; the connection's state is always in view, and
// records the server had to skip because this page read too slowly are counted. The server
// applies the caller's systems and masking to every record (docs/api.md, "Live tail").
import { signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { ErrorNotice, PageHeader } from '../../components/notice.tsx';
import { formatCount, formatTime, formatValue } from '../../format.ts';
import { location, navigate, withQuery } from '../../router.ts';
import type { ViewProps } from '../../views.tsx';
import { arrive, EMPTY_TAIL, pause, resume, TAIL_BOUNDS, type TailBuffer } from './tail-buffer.ts';
import { openTail, type ConnectionState } from './tail-connection.ts';
import './tail.css';

const COLUMNS = ['@timestamp', 'logwarden.system', 'host.name', 'log.syslog.appname', 'log.level', 'message'] as const;
const HEADINGS: Record<(typeof COLUMNS)[number], string> = {
  '@timestamp': 'Time (UTC)',
  'logwarden.system': 'System',
  'host.name': 'Host',
  'log.syslog.appname': 'App',
  'log.level': 'Level',
  message: 'Message',
};
const STATE_TEXT: Record<ConnectionState, string> = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', closed: 'Stopped' };

const buffer = signal<TailBuffer>(EMPTY_TAIL);
const connection = signal<ConnectionState | undefined>(undefined);
const skipped = signal(0);
const failure = signal<unknown>(undefined);

export function TailView(_props: ViewProps) {
  const query = location.value.path === '/tail' ? (location.value.query.get('q') ?? '') : '';
  const following = location.value.query.has('follow');
  useEffect(() => {
    if (!following) return undefined;
    buffer.value = EMPTY_TAIL;
    skipped.value = 0;
    failure.value = undefined;
    return openTail(query, {
      state: (state) => (connection.value = state),
      records: (events) => (buffer.value = arrive(buffer.value, events)),
      skipped: (count) => (skipped.value += count),
      failed: (error) => (failure.value = error),
    });
  }, [query, following]);
  useEffect(() => () => (connection.value = undefined), []);
  return (
    <section class="tail-view">
      <PageHeader title="Live tail">
        <ConnectionBadge state={following ? connection.value : undefined} />
      </PageHeader>
      <QueryForm query={query} following={following} />
      <ErrorNotice error={failure.value} />
      <TailControls following={following} />
      <TailTable />
    </section>
  );
}

function ConnectionBadge({ state }: { state: ConnectionState | undefined }) {
  const shown = state ?? 'closed';
  return (
    <span class={`tail-state tail-state-${shown}`} role="status" aria-live="polite" aria-label={`Connection: ${STATE_TEXT[shown]}`}>
      {STATE_TEXT[shown]}
    </span>
  );
}

function QueryForm({ query, following }: { query: string; following: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const start = (event: Event): void => {
    event.preventDefault();
    navigate(withQuery('/tail', { q: input.current?.value ?? '', follow: '1' }));
  };
  return (
    <form class="tail-query" role="search" onSubmit={start}>
      <label for="tail-query">Query</label>
      <input id="tail-query" name="q" type="search" class="mono" value={query} ref={input} spellcheck={false} autocomplete="off" placeholder="e.g. log.level:error AND host.name:web-1" />
      <button type="submit">{following ? 'Restart' : 'Start'}</button>
      {following ? (
        <button type="button" class="secondary" onClick={() => navigate(withQuery('/tail', { q: query }))}>
          Stop
        </button>
      ) : null}
    </form>
  );
}

function TailControls({ following }: { following: boolean }) {
  const { paused, held, heldOver, received, rows } = buffer.value;
  return (
    <div class="tail-controls">
      {paused ? (
        <button type="button" onClick={() => (buffer.value = resume(buffer.value))}>
          Resume
        </button>
      ) : (
        <button type="button" class="secondary" disabled={!following} onClick={() => (buffer.value = pause(buffer.value))}>
          Pause
        </button>
      )}
      <span class="muted" role="status" aria-live="polite">
        {paused ? `Paused: ${formatCount(held.length + heldOver)} new${heldOver > 0 ? ` (${formatCount(heldOver)} beyond the ${formatCount(TAIL_BOUNDS.maxHeld)} kept will not be shown)` : ''}. ` : ''}
        {`${formatCount(received)} received, ${formatCount(rows.length)} shown (the last ${formatCount(TAIL_BOUNDS.maxRows)} are kept).`}
        {skipped.value > 0 ? ` Events skipped: ${formatCount(skipped.value)} (this page read slower than they arrived).` : ''}
      </span>
    </div>
  );
}

function TailTable() {
  const { rows } = buffer.value;
  return (
    <div class="tail-table">
      <table aria-label="Live tail records" aria-rowcount={rows.length + 1}>
        <thead>
          <tr>
            {COLUMNS.map((column) => (
              <th scope="col" key={column}>
                {HEADINGS[column]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              {COLUMNS.map((column) => (
                <td key={column} class={column === 'message' ? 'tail-message mono' : column === '@timestamp' ? 'mono tail-time' : undefined}>
                  {column === '@timestamp' ? formatTime(row.event[column] as string | undefined) : formatValue(row.event[column])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <p class="muted tail-empty">No records yet: they appear here as they are stored.</p> : null}
    </div>
  );
}
