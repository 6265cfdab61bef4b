// Adding a local user (POST /api/v1/users): name, role, systems and an initial password, which
// the server checks against its policy (a refusal names the rule).
import { useSignal } from '@preact/signals';
import type { AddUserBody } from '../../../contracts/users.ts';
import { api } from '../../api.ts';
import { ErrorNotice } from '../../components/notice.tsx';
import { RoleField, SystemsField } from './access-fields.tsx';
import { parseSystems } from './access-options.ts';

export function UserAddForm({ onAdded }: { onAdded: () => void }) {
  const name = useSignal('');
  const role = useSignal('reader');
  const systems = useSignal('');
  const password = useSignal('');
  const error = useSignal<unknown>(undefined);
  const busy = useSignal(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    busy.value = true;
    error.value = undefined;
    const chosen = parseSystems(systems.value);
    const body: AddUserBody = { name: name.value.trim(), role: role.value, password: password.value, ...(chosen ? { systems: chosen } : {}) };
    try {
      await api('POST', '/api/v1/users', { body });
      name.value = '';
      password.value = '';
      systems.value = '';
      onAdded();
    } catch (failure) {
      error.value = failure;
    } finally {
      busy.value = false;
    }
  };

  return (
    <form class="admin-form" aria-label="Add a user" onSubmit={submit}>
      <h3>Add a user</h3>
      <label>
        New user name
        <input required autocomplete="off" value={name.value} onInput={(event) => (name.value = event.currentTarget.value)} />
      </label>
      <RoleField value={role} id="user-role" />
      <SystemsField value={systems} id="user-systems" />
      <label>
        Initial password
        <input type="password" required autocomplete="new-password" value={password.value} onInput={(event) => (password.value = event.currentTarget.value)} />
      </label>
      <ErrorNotice error={error.value} />
      <button type="submit" disabled={busy.value}>
        Add user
      </button>
    </form>
  );
}
