// The Detections view (docs/ui.md). Scaffold: the view is being built.
import { PageHeader } from '../../components/notice.tsx';
import type { ViewProps } from '../../views.tsx';

export function DetectionsView(_props: ViewProps) {
  return <PageHeader title="Detections" />;
}
