// The Detections view (docs/ui.md, "Alerts and detections"): the recent detections, the rules in
// use and their state, and a hunt over stored events (each part shown when the caller's role
// grants it: detections.read, rules.read).
import type { RulesListResponse } from '../../../contracts/rules.ts';
import { api } from '../../api.ts';
import { PageHeader } from '../../components/notice.tsx';
import { can } from '../../session.ts';
import type { ViewProps } from '../../views.tsx';
import { DetectionsList } from './detections-list.tsx';
import { Hunt } from './hunt.tsx';
import { RulesList } from './rules-list.tsx';
import { useLoad, type Loaded } from './use-load.ts';
import './detections.css';

export function DetectionsView(_props: ViewProps) {
  return (
    <section class="detections">
      <PageHeader title="Detections" />
      {can('detections.read') ? <DetectionsList /> : null}
      {can('rules.read') ? <Rules /> : null}
    </section>
  );
}

function Rules() {
  const rules: Loaded<RulesListResponse> = useLoad('rules', (signal) => api<RulesListResponse>('GET', '/api/v1/rules', { signal }));
  return (
    <>
      <RulesList rules={rules} />
      <Hunt rules={rules.data} />
    </>
  );
}
