// The UI's views: where each lives under /ui/, its name in the navigation, and the permission a
// caller needs to see it (the server refuses the calls anyway; hiding what cannot work keeps the
// screen honest). Later issues add their views here.
import type { FunctionComponent } from 'preact';
import { AccountView } from './views/account/index.tsx';
import { AdminView } from './views/admin/index.tsx';
import { AlertsView } from './views/alerts/index.tsx';
import { DetectionsView } from './views/detections/index.tsx';
import { IntegrityView } from './views/integrity/index.tsx';
import { SearchView } from './views/search/index.tsx';
import { SystemsView } from './views/systems/index.tsx';
import { TailView } from './views/tail/index.tsx';

export interface ViewProps {
  /** The path below the view's prefix, in segments: `/alerts/abc` → `['abc']`. */
  readonly segments: string[];
}

export interface ViewEntry {
  readonly path: string;
  readonly label: string;
  /** Any one of these grants the view. */
  readonly permissions: readonly string[];
  readonly component: FunctionComponent<ViewProps>;
  /** Refused to masked callers whatever their permissions (the server refuses its routes to them). */
  readonly unmaskedOnly?: boolean;
}

export const VIEWS: readonly ViewEntry[] = [
  { path: '/search', label: 'Search', permissions: ['events.read'], component: SearchView },
  { path: '/tail', label: 'Live tail', permissions: ['events.read'], component: TailView },
  { path: '/alerts', label: 'Alerts', permissions: ['alerts.read'], component: AlertsView },
  { path: '/detections', label: 'Detections', permissions: ['detections.read'], component: DetectionsView },
  { path: '/systems', label: 'Systems', permissions: ['systems.read'], component: SystemsView, unmaskedOnly: true },
  { path: '/integrity', label: 'Integrity', permissions: ['integrity.read', 'integrity.verify'], component: IntegrityView, unmaskedOnly: true },
  { path: '/admin', label: 'Administration', permissions: ['users.manage', 'tokens.manage', 'audit.read'], component: AdminView },
  { path: '/account', label: 'Account', permissions: ['authenticated'], component: AccountView },
];

/** The view a path belongs to: `/alerts/abc` → the alerts view. */
export function viewFor(path: string): ViewEntry | undefined {
  return VIEWS.find((view) => path === view.path || path.startsWith(`${view.path}/`));
}
