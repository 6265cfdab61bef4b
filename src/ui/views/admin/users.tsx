// Local users (users.manage): who they are, their role and systems, how they sign in, whether
// they are disabled or locked out; adding one and changing one. People who sign in through single
// sign-on are not stored here: their role comes from the provider's claims at each sign-in.
import { useSignal } from '@preact/signals';
import type { UserInfoContract } from '../../../contracts/users.ts';
import { api } from '../../api.ts';
import { Busy, ErrorNotice } from '../../components/notice.tsx';
import { formatTime } from '../../format.ts';
import { methods } from '../../session.ts';
import { loadMatrix, systemsText } from './access-options.ts';
import { UserAddForm } from './user-add-form.tsx';
import { UserEditDialog } from './user-edit.tsx';
import { useResource } from './use-resource.ts';

export function UsersPanel() {
  const users = useResource(async () => (await api<{ users: UserInfoContract[] }>('GET', '/api/v1/users')).users);
  const editing = useSignal<string | undefined>(undefined);
  const refresh = () => {
    void users.reload();
    void loadMatrix(true).catch(() => undefined); // the holders moved; the roles panel says so itself when it fails
  };
  const edited = users.data.value?.find((user) => user.name === editing.value);
  return (
    <section aria-labelledby="users-heading">
      <h2 id="users-heading">Users</h2>
      <ErrorNotice error={users.error.value} />
      {users.data.value ? <UserTable users={users.data.value} onEdit={(name) => (editing.value = name)} /> : <Busy />}
      {methods.value?.oidc ? <p class="muted">People who sign in with {methods.value.oidc.label} are not listed: their role comes from the provider at each sign-in.</p> : null}
      <UserAddForm onAdded={refresh} />
      {edited ? <UserEditDialog user={edited} onChanged={refresh} onDone={() => (editing.value = undefined)} /> : null}
    </section>
  );
}

function UserTable({ users, onEdit }: { users: readonly UserInfoContract[]; onEdit: (name: string) => void }) {
  return (
    <table class="admin-table" aria-label="Users">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Role</th>
          <th scope="col">Systems</th>
          <th scope="col">Signs in with</th>
          <th scope="col">State</th>
          <th scope="col">Created</th>
          <th scope="col">
            <span class="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <tr key={user.name}>
            <td>{user.name}</td>
            <td>{user.role}</td>
            <td>{systemsText(user.systems)}</td>
            <td>password{user.passwordChangedAt ? <span class="muted"> (set {formatTime(user.passwordChangedAt)})</span> : null}</td>
            <td>{userState(user)}</td>
            <td>
              {formatTime(user.createdAt)}
              {user.createdBy ? <span class="muted"> by {user.createdBy}</span> : null}
            </td>
            <td>
              <button type="button" class="secondary" aria-label={`Change ${user.name}`} onClick={() => onEdit(user.name)}>
                Change
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function userState(user: UserInfoContract): string {
  if (user.disabled) return 'disabled';
  if (user.lockedUntil) return `locked out until ${formatTime(user.lockedUntil)}`;
  return 'active';
}
