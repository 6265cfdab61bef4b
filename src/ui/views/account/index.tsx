// The signed-in caller's own page (docs/ui.md): who they are, their role and what it grants,
// the systems they read, whether they see masked values, and changing their own password
// (POST /api/v1/auth/password; the server's policy is named in its refusal).
import { PageHeader } from '../../components/notice.tsx';
import { me } from '../../session.ts';
import type { ViewProps } from '../../views.tsx';
import { PasswordForm } from './password-form.tsx';
import './account.css';

export function AccountView(_props: ViewProps) {
  const who = me.value;
  if (!who) return null;
  return (
    <div class="account">
      <PageHeader title="Account" />
      <dl class="facts">
        <dt>Name</dt>
        <dd>{who.name}</dd>
        <dt>Signed in as</dt>
        <dd>{who.kind === 'user' ? 'a user' : 'a token'}</dd>
        <dt>Role</dt>
        <dd>{who.role}</dd>
        <dt>Systems</dt>
        <dd>{who.systems === undefined ? 'every system the role reads' : who.systems.join(', ')}</dd>
        <dt>Masking</dt>
        <dd>{who.masking === undefined ? 'none: values are shown as stored' : `${who.masking}: personal values are shown masked, and integrity evidence is not shown`}</dd>
        <dt>Permissions</dt>
        <dd>
          <ul class="permission-list">
            {who.permissions.map((permission) => (
              <li key={permission} class="mono">
                {permission}
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      {who.kind === 'user' ? <PasswordForm /> : null}
    </div>
  );
}
