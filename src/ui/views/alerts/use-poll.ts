// Refreshing a list while someone watches it: every `intervalMs` while the tab is visible
// (document.visibilityState), and at once when it becomes visible again. A hidden tab makes no
// calls: every list read is an audited read (docs/api.md, "Alerts"), and a tab left open in the
// background all night should not fill the audit trail.
import { useEffect } from 'preact/hooks';

export const POLL_MS = 10_000;

export function usePoll(refresh: () => void, intervalMs = POLL_MS): void {
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, intervalMs);
    const onVisibility = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [refresh, intervalMs]);
}
