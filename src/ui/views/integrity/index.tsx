// The Integrity view (docs/ui.md, "Integrity"): the latest signed checkpoints, the transparency
// file, and verification of the whole store with its progress. Hidden from masked callers
// (views.tsx): checkpoints and verify reports are integrity evidence, refused to them.
import { PageHeader } from '../../components/notice.tsx';
import type { ViewProps } from '../../views.tsx';
import { CheckpointList } from './checkpoints.tsx';
import './integrity.css';
import { TransparencyFile } from './transparency.tsx';
import { VerifyPanel } from './verify-panel.tsx';

export function IntegrityView(_props: ViewProps) {
  return (
    <div class="integrity">
      <PageHeader title="Integrity" />
      <VerifyPanel />
      <CheckpointList />
      <TransparencyFile />
    </div>
  );
}
