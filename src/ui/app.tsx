// The page: the sign-in form until a session exists, then the navigation and the current view.
import { useEffect, useRef } from 'preact/hooks';
import { focusViewHeading } from './components/focus-heading.ts';
import { Busy } from './components/notice.tsx';
import { Link } from './components/link.tsx';
import { location, navigate, segmentsAfter } from './router.ts';
import { can, loadSession, masked, me, session, signOut } from './session.ts';
import { SignInView } from './views/sign-in.tsx';
import { VIEWS, viewFor, type ViewEntry } from './views.tsx';

const allowed = (view: ViewEntry): boolean => view.permissions.some(can) && !(view.unmaskedOnly === true && masked.value);

export function App() {
  useEffect(() => void loadSession(), []);
  const state = session.value;
  if (state.kind === 'loading') return <Busy label="Starting…" />;
  if (state.kind === 'signed-out') return <SignInView {...(state.reason ? { reason: state.reason } : {})} />;
  return <Shell />;
}

function Shell() {
  const { path } = location.value;
  const views = VIEWS.filter(allowed);
  const view = viewFor(path);
  useEffect(() => {
    // `/ui/` (and a view this caller may not open) land on the first view the caller has.
    if ((view === undefined || !allowed(view)) && views[0]) navigate(views[0].path, { replace: true });
  }, [path]);
  const View = view && allowed(view) ? view.component : undefined;
  const main = useRef<HTMLElement>(null);
  const shownBefore = useRef(false);
  useEffect(() => {
    // The tab's title names the view (read first by screen readers, seen in the history list).
    document.title = view ? `${view.label} · logwarden` : 'logwarden';
    // The first view shown (page load, sign-in, `/ui/` sent on) leaves focus alone, so the skip
    // link stays the first Tab stop as on any page; going to another view moves focus to it.
    const moveFocus = shownBefore.current && main.current !== null;
    if (View) shownBefore.current = true;
    return moveFocus && main.current ? focusViewHeading(main.current) : undefined;
  }, [path]);
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <nav class="nav" aria-label="Main">
        <span class="brand">logwarden</span>
        <ul>
          {views.map((entry) => (
            <li key={entry.path}>
              <Link to={entry.path} current={entry === view}>
                {entry.label}
              </Link>
            </li>
          ))}
        </ul>
        <span class="who">
          {me.value?.name} ({me.value?.role}
          {me.value?.masking ? `, masked: ${me.value.masking}` : ''})
        </span>
        <button type="button" class="secondary" onClick={() => void signOut()}>
          Sign out
        </button>
      </nav>
      <main id="main" tabIndex={-1} ref={main}>
        {View && view ? <View segments={segmentsAfter(view.path, path)} /> : <Busy />}
      </main>
    </div>
  );
}
