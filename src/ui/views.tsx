// The UI's views: where each lives under /ui/, its name in the navigation, and the permission a
// caller needs to see it (the server refuses the calls anyway; hiding what cannot work keeps the
// screen honest). Later issues add their views here.
import type { FunctionComponent } from 'preact';
import { lazyView } from './components/lazy-view.tsx';

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
  { path: '/search', label: 'Search', permissions: ['events.read'], component: lazyView(() => import('./views/search/index.tsx').then((module) => module.SearchView)) },
  { path: '/tail', label: 'Live tail', permissions: ['events.read'], component: lazyView(() => import('./views/tail/index.tsx').then((module) => module.TailView)) },
  { path: '/alerts', label: 'Alerts', permissions: ['alerts.read'], component: lazyView(() => import('./views/alerts/index.tsx').then((module) => module.AlertsView)) },
  { path: '/detections', label: 'Detections', permissions: ['detections.read'], component: lazyView(() => import('./views/detections/index.tsx').then((module) => module.DetectionsView)) },
  { path: '/systems', label: 'Systems', permissions: ['systems.read'], component: lazyView(() => import('./views/systems/index.tsx').then((module) => module.SystemsView)), unmaskedOnly: true },
  {
    path: '/integrity',
    label: 'Integrity',
    permissions: ['integrity.read', 'integrity.verify'],
    component: lazyView(() => import('./views/integrity/index.tsx').then((module) => module.IntegrityView)),
    unmaskedOnly: true,
  },
  {
    path: '/admin',
    label: 'Administration',
    permissions: ['users.manage', 'tokens.manage', 'audit.read'],
    component: lazyView(() => import('./views/admin/index.tsx').then((module) => module.AdminView)),
  },
  { path: '/account', label: 'Account', permissions: ['authenticated'], component: lazyView(() => import('./views/account/index.tsx').then((module) => module.AccountView)) },
];

/** The view a path belongs to: `/alerts/abc` → the alerts view. */
export function viewFor(path: string): ViewEntry | undefined {
  return VIEWS.find((view) => path === view.path || path.startsWith(`${view.path}/`));
}
