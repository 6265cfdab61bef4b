// The changes a person makes to an alert (docs/api.md, "POST /api/v1/alerts/:id/…"): acknowledge,
// resolve, reopen, assign, comment and close with a disposition. Shown only to a caller whose
// role grants alerts.act (alert-detail.tsx), and only those the alert's state allows (filters.ts);
// the server checks both anyway, and its refusal is shown as it answers it.
import { useState } from 'preact/hooks';
import type { AlertContract } from '../../../contracts/alerts.ts';
import { api } from '../../api.ts';
import { ErrorNotice } from '../../components/notice.tsx';
import { allowedChanges, DISPOSITIONS } from './filters.ts';

type Post = (verb: string, body: Record<string, unknown>) => Promise<boolean>;

/** What a screen reader announces after a change (the button pressed may be gone: the state moved on). */
const DONE: Readonly<Record<string, string>> = { acknowledge: 'Acknowledged.', resolve: 'Resolved.', reopen: 'Reopened.', assign: 'Assignment saved.', comment: 'Comment added.', close: 'Closed.' };

/** One change at a time: the buttons wait while it runs, and the alert is read again after it. */
function usePost(alert: AlertContract, onChanged: () => void): { post: Post; busy: boolean; error: unknown; done: string } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState('');
  const post: Post = async (verb, body) => {
    setBusy(true);
    setError(undefined);
    setDone('');
    try {
      await api('POST', `/api/v1/alerts/${encodeURIComponent(alert.id)}/${verb}`, { body });
      setDone(DONE[verb] ?? 'Done.');
      onChanged();
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { post, busy, error, done };
}

export function AlertActions({ alert, onChanged }: { alert: AlertContract; onChanged: () => void }) {
  const { post, busy, error, done } = usePost(alert, onChanged);
  const allowed = allowedChanges(alert.state);
  return (
    <section class="alert-actions" aria-labelledby="alert-actions">
      <h2 id="alert-actions">Actions</h2>
      <ErrorNotice error={error} />
      <p class="muted" role="status" aria-live="polite">
        {done}
      </p>
      <div class="action-buttons">
        {allowed.includes('acknowledge') ? (
          <button type="button" disabled={busy} onClick={() => void post('acknowledge', {})}>
            Acknowledge
          </button>
        ) : null}
        {allowed.includes('resolve') ? (
          <button type="button" disabled={busy} onClick={() => void post('resolve', {})}>
            Resolve
          </button>
        ) : null}
        {allowed.includes('reopen') ? (
          <button type="button" class="secondary" disabled={busy} onClick={() => void post('reopen', {})}>
            Reopen
          </button>
        ) : null}
      </div>
      <div class="action-forms">
        <AssignForm alert={alert} post={post} busy={busy} />
        <CommentForm post={post} busy={busy} />
        {allowed.includes('close') ? <CloseForm post={post} busy={busy} /> : null}
      </div>
    </section>
  );
}

function AssignForm({ alert, post, busy }: { alert: AlertContract; post: Post; busy: boolean }) {
  const [assignee, setAssignee] = useState(alert.assignee ?? '');
  const submit = (event: Event) => {
    event.preventDefault();
    void post('assign', { assignee: assignee.trim() === '' ? null : assignee.trim() });
  };
  return (
    <form onSubmit={submit} aria-label="Assign the alert">
      <label>
        Assign to
        <input type="text" value={assignee} placeholder="a user name; empty unassigns" onInput={(event) => setAssignee(event.currentTarget.value)} />
      </label>
      <button type="submit" disabled={busy}>
        Assign
      </button>
    </form>
  );
}

function CommentForm({ post, busy }: { post: Post; busy: boolean }) {
  const [text, setText] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    if (await post('comment', { comment: text.trim() })) setText('');
  };
  return (
    <form onSubmit={(event) => void submit(event)} aria-label="Add a comment">
      <label>
        Comment
        <textarea rows={3} value={text} required onInput={(event) => setText(event.currentTarget.value)} />
      </label>
      <button type="submit" disabled={busy || text.trim() === ''}>
        Add comment
      </button>
    </form>
  );
}

function CloseForm({ post, busy }: { post: Post; busy: boolean }) {
  const [disposition, setDisposition] = useState('');
  const [comment, setComment] = useState('');
  const submit = (event: Event) => {
    event.preventDefault();
    void post('close', { disposition, ...(comment.trim() === '' ? {} : { comment: comment.trim() }) });
  };
  return (
    <form onSubmit={submit} aria-label="Close the alert">
      <label>
        Disposition
        <select value={disposition} required onChange={(event) => setDisposition(event.currentTarget.value)}>
          <option value="">choose…</option>
          {DISPOSITIONS.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Closing comment
        <textarea rows={2} value={comment} placeholder="optional" onInput={(event) => setComment(event.currentTarget.value)} />
      </label>
      <button type="submit" class="danger" disabled={busy || disposition === ''}>
        Close alert
      </button>
    </form>
  );
}
