// The Systems view (docs/ui.md). Scaffold: the view is being built.
import { PageHeader } from '../../components/notice.tsx';
import type { ViewProps } from '../../views.tsx';

export function SystemsView(_props: ViewProps) {
  return <PageHeader title="Systems" />;
}
