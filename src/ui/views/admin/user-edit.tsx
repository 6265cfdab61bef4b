// Changing one user: role and systems (PUT …/roles, applies to open sessions at once), a new
// password (PUT …/password, ends the user's sessions), disabling or enabling (POST …/disable,
// …/enable; disabling ends the sessions, asked for confirmation). The API removes no user:
// disabling is how access ends, and the user's past actions stay attributable in the audit trail.
import { useSignal } from '@preact/signals';
import type { SetRolesBody, UserInfoContract } from '../../../contracts/users.ts';
import { api } from '../../api.ts';
import { ErrorNotice } from '../../components/notice.tsx';
import { RoleField, SystemsField } from './access-fields.tsx';
import { parseSystems } from './access-options.ts';
import { Confirm, Modal } from './modal.tsx';

const userPath = (name: string, rest: string) => `/api/v1/users/${encodeURIComponent(name)}/${rest}`;

type Run = (what: string, call: () => Promise<unknown>) => Promise<void>;

export function UserEditDialog({ user, onChanged, onDone }: { user: UserInfoContract; onChanged: () => void; onDone: () => void }) {
  const error = useSignal<unknown>(undefined);
  const done = useSignal<string | undefined>(undefined);
  const confirming = useSignal(false);

  const run: Run = async (what, call) => {
    error.value = undefined;
    done.value = undefined;
    try {
      await call();
      done.value = what;
      onChanged();
    } catch (failure) {
      error.value = failure;
    }
  };
  const toggle = () => {
    confirming.value = false;
    const change = user.disabled ? 'enable' : 'disable';
    void run(user.disabled ? 'User enabled.' : 'User disabled; their sessions ended.', () => api('POST', userPath(user.name, change)));
  };

  return (
    <Modal title={`Change user ${user.name}`} onClose={onDone}>
      <RolesForm user={user} run={run} />
      <PasswordResetForm user={user} run={run} />
      <ErrorNotice error={error.value} />
      <p role="status" aria-live="polite">
        {done.value ?? ''}
      </p>
      <div class="modal-actions">
        <button type="button" class={user.disabled ? 'secondary' : 'danger'} onClick={() => (user.disabled ? toggle() : (confirming.value = true))}>
          {user.disabled ? 'Enable user' : 'Disable user'}
        </button>
        <button type="button" onClick={onDone}>
          Close
        </button>
      </div>
      {confirming.value ? (
        <Confirm
          title="Disable user"
          question={`Disable ${user.name}? Their sessions end now and they cannot sign in until enabled again.`}
          action="Disable"
          onConfirm={toggle}
          onClose={() => (confirming.value = false)}
        />
      ) : null}
    </Modal>
  );
}

function RolesForm({ user, run }: { user: UserInfoContract; run: Run }) {
  const role = useSignal(user.role);
  const systems = useSignal(user.systems?.join(', ') ?? '');
  const save = (event: Event) => {
    event.preventDefault();
    const chosen = parseSystems(systems.value);
    const body: SetRolesBody = { role: role.value, ...(chosen ? { systems: chosen } : {}) };
    void run('Role and systems saved.', () => api('PUT', userPath(user.name, 'roles'), { body }));
  };
  return (
    <form class="admin-form" aria-label="Role and systems" onSubmit={save}>
      <RoleField value={role} id="edit-role" />
      <SystemsField value={systems} id="edit-systems" />
      <button type="submit">Save role and systems</button>
    </form>
  );
}

function PasswordResetForm({ user, run }: { user: UserInfoContract; run: Run }) {
  const password = useSignal('');
  const save = (event: Event) => {
    event.preventDefault();
    void run('Password set; the user’s sessions ended.', async () => {
      await api('PUT', userPath(user.name, 'password'), { body: { password: password.value } });
      password.value = '';
    });
  };
  return (
    <form class="admin-form" aria-label="Reset password" onSubmit={save}>
      <label>
        New password for {user.name}
        <input type="password" required autocomplete="new-password" value={password.value} onInput={(event) => (password.value = event.currentTarget.value)} />
      </label>
      <button type="submit">Set password</button>
    </form>
  );
}
