// The Alerts view (docs/ui.md, "Alerts and detections"): /ui/alerts lists the caller's alerts,
// /ui/alerts/:id shows one.
import type { ViewProps } from '../../views.tsx';
import { AlertDetail } from './alert-detail.tsx';
import { AlertsList } from './alerts-list.tsx';

export function AlertsView({ segments }: ViewProps) {
  const [id] = segments;
  return id === undefined ? <AlertsList /> : <AlertDetail key={id} id={id} />;
}
