// The Administration view (docs/ui.md): users, roles, tokens and the audit trail, each a tab
// shown only to a caller whose role grants its permission (the server refuses the calls anyway).
// The tab is the path's first segment, so each can be linked to: /ui/admin/tokens.
import type { FunctionComponent } from 'preact';
import { useEffect } from 'preact/hooks';
import { Link } from '../../components/link.tsx';
import { PageHeader } from '../../components/notice.tsx';
import { navigate } from '../../router.ts';
import { can } from '../../session.ts';
import type { ViewProps } from '../../views.tsx';
import { loadMatrix } from './access-options.ts';
import { AuditPanel } from './audit.tsx';
import { RolesPanel } from './roles.tsx';
import { TokensPanel } from './tokens.tsx';
import { UsersPanel } from './users.tsx';
import './admin.css';

interface Tab {
  readonly segment: string;
  readonly label: string;
  readonly permission: string;
  readonly panel: FunctionComponent;
}

const TABS: readonly Tab[] = [
  { segment: 'users', label: 'Users', permission: 'users.manage', panel: UsersPanel },
  { segment: 'roles', label: 'Roles', permission: 'audit.read', panel: RolesPanel },
  { segment: 'tokens', label: 'Tokens', permission: 'tokens.manage', panel: TokensPanel },
  { segment: 'audit', label: 'Audit trail', permission: 'audit.read', panel: AuditPanel },
];

export function AdminView({ segments }: ViewProps) {
  const tabs = TABS.filter((tab) => can(tab.permission));
  const current = tabs.find((tab) => tab.segment === segments[0]);
  useEffect(() => {
    if (current === undefined && tabs[0]) navigate(`/admin/${tabs[0].segment}`, { replace: true });
  }, [segments[0]]);
  // The forms' role and system choices; a failure shows where the matrix is shown (Roles).
  useEffect(() => void loadMatrix().catch(() => undefined), []);
  const Panel = current?.panel;
  return (
    <div class="admin">
      <PageHeader title="Administration" />
      <nav aria-label="Administration" class="tabs">
        <ul>
          {tabs.map((tab) => (
            <li key={tab.segment}>
              <Link to={`/admin/${tab.segment}`} current={tab === current}>
                {tab.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {Panel ? <Panel key={current.segment} /> : null}
    </div>
  );
}
