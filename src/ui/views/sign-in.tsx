// Sign-in: a local user's name and password (POST /api/v1/auth/sign-in), and single sign-on when
// the server has an OpenID Connect provider configured (GET /api/v1/auth/methods says so; the
// button goes to /api/v1/auth/oidc/start, which comes back to the page the user asked for).
import { useSignal } from '@preact/signals';
import { apiUrl } from '../api.ts';
import { ErrorNotice } from '../components/notice.tsx';
import { methods, signIn } from '../session.ts';

export function SignInView({ reason }: { reason?: string }) {
  const user = useSignal('');
  const password = useSignal('');
  const error = useSignal<unknown>(reason);
  const busy = useSignal(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    busy.value = true;
    error.value = undefined;
    try {
      await signIn(user.value, password.value);
    } catch (failure) {
      error.value = failure;
      password.value = '';
    } finally {
      busy.value = false;
    }
  };

  const returnTo = window.location.pathname.startsWith('/ui') ? window.location.pathname + window.location.search : '/ui/';
  return (
    <main class="sign-in" id="main">
      <h1>logwarden</h1>
      <form onSubmit={submit} aria-label="Sign in">
        <label>
          User name
          <input name="user" autocomplete="username" required value={user.value} onInput={(event) => (user.value = event.currentTarget.value)} />
        </label>
        <label>
          Password
          <input name="password" type="password" autocomplete="current-password" required value={password.value} onInput={(event) => (password.value = event.currentTarget.value)} />
        </label>
        <ErrorNotice error={error.value} />
        <button type="submit" disabled={busy.value}>
          Sign in
        </button>
      </form>
      {methods.value?.oidc ? (
        <p>
          <a class="button secondary" href={apiUrl('/api/v1/auth/oidc/start', { returnTo })}>
            Sign in with {methods.value.oidc.label}
          </a>
        </p>
      ) : null}
    </main>
  );
}
