// The Systems view (docs/ui.md, "Systems"): `/ui/systems` lists every system in the caller's
// scope, `/ui/systems/:name` shows one. Hidden from masked callers (views.tsx): the server
// refuses them the inventory, which names senders by host and address.
import type { SystemsResponse } from '../../../contracts/systems.ts';
import { api } from '../../api.ts';
import { Busy, ErrorNotice, PageHeader } from '../../components/notice.tsx';
import { useAnswer } from '../../components/use-answer.ts';
import type { ViewProps } from '../../views.tsx';
import { SystemDetail } from './system-detail.tsx';
import { SystemsList } from './systems-list.tsx';
import './systems.css';

export function SystemsView({ segments }: ViewProps) {
  const answer = useAnswer((signal) => api<SystemsResponse>('GET', '/api/v1/systems', { signal }));
  const name = segments[0];
  const now = Date.now();
  const body = () => {
    if (!answer.data) return answer.error ? null : <Busy />;
    if (name === undefined) return <SystemsList answer={answer.data} now={now} />;
    const system = answer.data.systems.find((one) => one.name === name);
    return system ? <SystemDetail system={system} now={now} /> : <ErrorNotice error={`There is no system "${name}" in your scope.`} />;
  };
  return (
    <div class="systems-view">
      {name === undefined || !answer.data ? (
        <PageHeader title="Systems">
          <button type="button" class="secondary" onClick={answer.reload}>
            Refresh
          </button>
        </PageHeader>
      ) : null}
      <ErrorNotice error={answer.error} />
      {body()}
    </div>
  );
}
