// Changing one's own password: the current one, the new one twice (compared here, so a typo is
// caught before the server is asked). The server checks the current password (a wrong one counts
// as a failed sign-in) and its policy, and ends the user's other sessions.
import { useSignal } from '@preact/signals';
import type { ChangeOwnPasswordBody } from '../../../contracts/users.ts';
import { api } from '../../api.ts';
import { ErrorNotice } from '../../components/notice.tsx';

export function PasswordForm() {
  const current = useSignal('');
  const next = useSignal('');
  const repeat = useSignal('');
  const error = useSignal<unknown>(undefined);
  const done = useSignal(false);
  const busy = useSignal(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    done.value = false;
    if (next.value !== repeat.value) {
      error.value = 'The new password and its repetition differ.';
      return;
    }
    busy.value = true;
    error.value = undefined;
    const body: ChangeOwnPasswordBody = { currentPassword: current.value, newPassword: next.value };
    try {
      await api('POST', '/api/v1/auth/password', { body });
      done.value = true;
    } catch (failure) {
      error.value = failure;
    } finally {
      current.value = next.value = repeat.value = '';
      busy.value = false;
    }
  };

  return (
    <form class="password-form" aria-label="Change password" onSubmit={submit}>
      <h2>Change password</h2>
      <label>
        Current password
        <input type="password" required autocomplete="current-password" value={current.value} onInput={(event) => (current.value = event.currentTarget.value)} />
      </label>
      <label>
        New password
        <input type="password" required autocomplete="new-password" value={next.value} onInput={(event) => (next.value = event.currentTarget.value)} />
      </label>
      <label>
        Repeat new password
        <input type="password" required autocomplete="new-password" value={repeat.value} onInput={(event) => (repeat.value = event.currentTarget.value)} />
      </label>
      <ErrorNotice error={error.value} />
      <p role="status" aria-live="polite">
        {done.value ? 'Password changed; your other sessions ended.' : ''}
      </p>
      <button type="submit" disabled={busy.value}>
        Change password
      </button>
    </form>
  );
}
