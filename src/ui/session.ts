// Who is signed in: GET /api/v1/auth/me at start and after sign-in, sign-out, and what the
// caller may do (each view and action is shown only to a caller whose role grants it; the server
// refuses the rest anyway).
import { computed, effect, signal } from '@preact/signals';
import type { AuthMethodsResponse, MeResponse, SignInResponse } from '../contracts/users.ts';
import { api, ApiError, csrfToken, sessionLost } from './api.ts';

export type SessionState = { readonly kind: 'loading' } | { readonly kind: 'signed-out'; readonly reason?: string } | { readonly kind: 'signed-in'; readonly me: MeResponse };

export const session = signal<SessionState>({ kind: 'loading' });

export const me = computed(() => (session.value.kind === 'signed-in' ? session.value.me : undefined));

/** The caller's role grants this permission (src/access/permissions.ts). */
export function can(permission: string): boolean {
  // 'authenticated' (as in the access matrix): any signed-in caller, whatever the role.
  if (permission === 'authenticated') return me.value !== undefined;
  return me.value?.permissions.includes(permission) ?? false;
}

/** A masked viewer (a third party): sees masked values and no integrity evidence. */
export const masked = computed(() => me.value?.masking !== undefined);

/** How one may sign in here, and whether this browser has a session (asked first: a signed-out page then makes no call that answers 401). */
export const methods = signal<AuthMethodsResponse | undefined>(undefined);

export async function loadSession(): Promise<void> {
  try {
    methods.value = await api<AuthMethodsResponse>('GET', '/api/v1/auth/methods');
    if (!methods.value.session) {
      session.value = { kind: 'signed-out' };
      return;
    }
    const answer = await api<MeResponse>('GET', '/api/v1/auth/me');
    csrfToken.value = answer.csrfToken;
    session.value = { kind: 'signed-in', me: answer };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) session.value = { kind: 'signed-out' };
    else session.value = { kind: 'signed-out', reason: error instanceof Error ? error.message : String(error) };
  }
}

export async function signIn(user: string, password: string): Promise<void> {
  const answer = await api<SignInResponse>('POST', '/api/v1/auth/sign-in', { body: { user, password } });
  csrfToken.value = answer.csrfToken;
  session.value = { kind: 'signed-in', me: await api<MeResponse>('GET', '/api/v1/auth/me') };
}

export async function signOut(): Promise<void> {
  try {
    await api('POST', '/api/v1/auth/sign-out');
  } finally {
    csrfToken.value = undefined;
    session.value = { kind: 'signed-out' };
  }
}

// A 401 from any call (the session expired or was ended elsewhere): back to the sign-in form.
effect(() => {
  if (sessionLost.value > 0 && session.peek().kind === 'signed-in') {
    csrfToken.value = undefined;
    session.value = { kind: 'signed-out', reason: 'Your session ended; sign in again.' };
  }
});
