// One live tail from the browser: an EventSource on /api/v1/tail (same origin, the session
// cookie), which reconnects by itself when the stream drops (the server's `retry` says after 3 s).
// What it reports: the connection's state, records in batches (at most one per animation frame,
// so a busy stream re-renders a few times a second, not once per record), and records the server
// skipped because this page read too slowly. EventSource cannot read an error answer, so when it
// gives up (a bad query, a full server, a lost session), the same URL is asked once with fetch
// to say why.
import type { PublicEventContract } from '../../../contracts/event.ts';
import type { TailSkipped } from '../../../contracts/tail.ts';
import { apiUrl, ApiError, sessionLost } from '../../api.ts';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface TailHandlers {
  state(state: ConnectionState): void;
  records(events: readonly PublicEventContract[]): void;
  skipped(count: number): void;
  failed(error: unknown): void;
}

/** Opens the tail; the returned function closes it. */
export function openTail(query: string, handlers: TailHandlers): () => void {
  const url = apiUrl('/api/v1/tail', { q: query });
  const source = new EventSource(url);
  let pending: PublicEventContract[] = [];
  let frame: number | undefined;
  let everLive = false;
  const flush = (): void => {
    frame = undefined;
    const batch = pending;
    pending = [];
    handlers.records(batch);
  };
  handlers.state('connecting');
  source.addEventListener('ready', () => {
    everLive = true;
    handlers.state('live');
  });
  source.addEventListener('record', (message) => {
    pending.push(JSON.parse((message as MessageEvent<string>).data) as PublicEventContract);
    frame ??= requestAnimationFrame(flush);
  });
  source.addEventListener('skipped', (message) => handlers.skipped((JSON.parse((message as MessageEvent<string>).data) as TailSkipped).skipped));
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CONNECTING) {
      handlers.state(everLive ? 'reconnecting' : 'connecting');
      return;
    }
    handlers.state('closed');
    void whyRefused(url).then(handlers.failed);
  });
  return () => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    source.close();
  };
}

/** The server's coded error for the tail's URL; a stream that opens after all is closed at once. */
async function whyRefused(url: string): Promise<unknown> {
  try {
    const response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    if (response.ok) {
      await response.body?.cancel();
      return new Error('the live tail closed; start it again');
    }
    const body = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } & Record<string, unknown> };
    const { code = `HTTP_${response.status}`, message = response.statusText, ...details } = body.error ?? {};
    if (response.status === 401) sessionLost.value++;
    return new ApiError(response.status, code, message, details);
  } catch (error) {
    return error;
  }
}
