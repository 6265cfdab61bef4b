// The roles in force (audit.read), read-only: they come from the built-in set and the
// configuration's `access.roles`, so changing one is a configuration change, not a click. Each
// with its permissions, systems, masking and who holds it (from GET /api/v1/access/matrix).
import type { AccessRoleContract } from '../../../contracts/access.ts';
import { Busy, ErrorNotice } from '../../components/notice.tsx';
import { loadMatrix, matrix } from './access-options.ts';
import { useResource } from './use-resource.ts';

export function RolesPanel() {
  const loaded = useResource(() => loadMatrix());
  const roles = matrix.value?.roles;
  return (
    <section aria-labelledby="roles-heading">
      <h2 id="roles-heading">Roles</h2>
      <p class="muted">Roles come from the configuration (access.roles) and the built-in set; change them there.</p>
      <ErrorNotice error={loaded.error.value} />
      {roles ? (
        <table class="admin-table" aria-label="Roles">
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Permissions</th>
              <th scope="col">Systems</th>
              <th scope="col">Masking</th>
              <th scope="col">Held by</th>
            </tr>
          </thead>
          <tbody>
            {roles.map((role) => (
              <RoleRow key={role.name} role={role} />
            ))}
          </tbody>
        </table>
      ) : loaded.error.value ? null : (
        <Busy />
      )}
    </section>
  );
}

function RoleRow({ role }: { role: AccessRoleContract }) {
  return (
    <tr>
      <td>
        <strong>{role.name}</strong> {role.builtIn ? <span class="tag">built-in</span> : <span class="tag">configured</span>}
        <div class="muted">{role.description}</div>
      </td>
      <td>
        <ul class="plain-list">
          {role.permissions.map((permission) => (
            <li key={permission} class="mono">
              {permission}
            </li>
          ))}
        </ul>
      </td>
      <td>{role.systems === 'all' ? 'all' : role.systems.join(', ')}</td>
      <td>{role.masking ?? 'none'}</td>
      <td>
        {role.holders.length === 0 ? (
          <span class="muted">nobody</span>
        ) : (
          <ul class="plain-list">
            {role.holders.map((holder) => (
              <li key={`${holder.kind}:${holder.name}`}>
                {holder.name}{' '}
                <span class="muted">
                  ({holder.kind}
                  {holder.systems === 'all' ? '' : `: ${holder.systems.join(', ')}`})
                </span>
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
