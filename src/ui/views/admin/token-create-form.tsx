// Creating a token (POST /api/v1/tokens): name, role, systems, expiry. The answer's secret goes
// straight to the owner, which shows it once; this form keeps nothing of it.
import { useSignal } from '@preact/signals';
import type { CreateTokenBody, CreateTokenResponse } from '../../../contracts/tokens.ts';
import { api } from '../../api.ts';
import { ErrorNotice } from '../../components/notice.tsx';
import { RoleField, SystemsField } from './access-fields.tsx';
import { parseSystems } from './access-options.ts';

export function TokenCreateForm({ onCreated }: { onCreated: (created: CreateTokenResponse) => void }) {
  const name = useSignal('');
  const role = useSignal('ingest');
  const systems = useSignal('');
  const expires = useSignal('');
  const error = useSignal<unknown>(undefined);
  const busy = useSignal(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    busy.value = true;
    error.value = undefined;
    const chosen = parseSystems(systems.value);
    const body: CreateTokenBody = { name: name.value.trim(), role: role.value, ...(chosen ? { systems: chosen } : {}), ...(expires.value.trim() ? { expires: expires.value.trim() } : {}) };
    try {
      const created = await api<CreateTokenResponse>('POST', '/api/v1/tokens', { body });
      name.value = '';
      onCreated(created);
    } catch (failure) {
      error.value = failure;
    } finally {
      busy.value = false;
    }
  };

  return (
    <form class="admin-form" aria-label="Create a token" onSubmit={submit}>
      <h3>Create a token</h3>
      <label>
        Token name
        <input required value={name.value} pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,63}" onInput={(event) => (name.value = event.currentTarget.value)} />
      </label>
      <RoleField value={role} id="token-role" />
      <SystemsField value={systems} id="token-systems" />
      <span class="field">
        <label for="token-expires">Expires</label>
        <input id="token-expires" value={expires.value} placeholder="never" aria-describedby="token-expires-hint" onInput={(event) => (expires.value = event.currentTarget.value)} />
        <span id="token-expires-hint" class="muted hint">
          A duration (30m, 12h, 90d, 2w) or a date (2027-03-01); empty: never.
        </span>
      </span>
      <ErrorNotice error={error.value} />
      <button type="submit" disabled={busy.value}>
        Create token
      </button>
    </form>
  );
}
