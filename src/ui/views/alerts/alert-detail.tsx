// One alert (/ui/alerts/:id): what it is (rule, level, state, systems, group key, times), why it
// fired and its evidence (evidence.tsx), the changes the caller's role allows (actions.tsx), its
// comments, its history (every transition with who made it and when) and the notices sent.
import type { AlertContract, AlertDetailResponse } from '../../../contracts/alerts.ts';
import { api } from '../../api.ts';
import { Link } from '../../components/link.tsx';
import { Busy, ErrorNotice, PageHeader } from '../../components/notice.tsx';
import { formatTime } from '../../format.ts';
import { can } from '../../session.ts';
import { AlertActions } from './alert-actions.tsx';
import { AlertEvidence } from './alert-evidence.tsx';
import { AlertHistory } from './alert-history.tsx';
import { AlertNotifications } from './alert-notifications.tsx';
import { LevelBadge, StateBadge } from '../detections/badges.tsx';
import { formatGroup } from '../detections/explain.ts';
import { useLoad } from '../detections/use-load.ts';
import '../detections/detections.css';
import './alerts.css';

export function AlertDetail({ id }: { id: string }) {
  const detail = useLoad(id, (signal) => api<AlertDetailResponse>('GET', `/api/v1/alerts/${encodeURIComponent(id)}`, { signal }));
  const back = (
    <p>
      <Link to="/alerts">← All alerts</Link>
    </p>
  );
  if (!detail.data) {
    return (
      <section class="alert-detail">
        {back}
        <PageHeader title="Alert" />
        <ErrorNotice error={detail.error} />
        {detail.error ? null : <Busy />}
      </section>
    );
  }
  const { alert, detections, history, notifications } = detail.data;
  return (
    <section class="alert-detail">
      {back}
      <PageHeader title={alert.rule.title}>
        <LevelBadge level={alert.rule.level} />
        <StateBadge state={alert.state} />
        <button type="button" class="secondary" onClick={detail.reload}>
          Refresh
        </button>
      </PageHeader>
      <ErrorNotice error={detail.error} />
      <p class="alert-message">{alert.message}</p>
      <AlertFacts alert={alert} />
      {can('alerts.act') ? <AlertActions alert={alert} onChanged={detail.reload} /> : null}
      <AlertEvidence alert={alert} detections={detections} />
      <AlertComments alert={alert} />
      <AlertHistory history={history} />
      <AlertNotifications notifications={notifications} />
    </section>
  );
}

function AlertFacts({ alert }: { alert: AlertContract }) {
  const facts: [string, string | undefined][] = [
    ['Rule', `${alert.rule.title} (${alert.rule.id}, ${alert.rule.ruleset}, revision ${alert.rule.revision})`],
    ['Tags', alert.rule.tags.join(', ') || undefined],
    ['Severity', alert.rule.level],
    ['State', alert.state],
    ['Disposition', alert.disposition],
    ['Assignee', alert.assignee],
    ['Systems', alert.systems.join(', ')],
    ['Hosts', alert.hosts.join(', ') || undefined],
    ['Group key', formatGroup(alert.group) || 'none (a plain rule match)'],
    ['Detections', String(alert.detectionCount)],
    ['First seen', formatTime(alert.firstSeen)],
    ['Last seen', formatTime(alert.lastSeen)],
    ['Opened', formatTime(alert.openedAt)],
    ['Acknowledged', formatTime(alert.acknowledgedAt) || undefined],
    ['Resolved', formatTime(alert.resolvedAt) || undefined],
    ['Closed', formatTime(alert.closedAt) || undefined],
    ['Silenced by', alert.silencedBy.join(', ') || undefined],
    ['Last change', `#${alert.transition} by ${alert.updatedBy} at ${formatTime(alert.updatedAt)}`],
  ];
  return (
    <dl class="facts" aria-label="About this alert">
      {facts
        .filter((fact): fact is [string, string] => fact[1] !== undefined && fact[1] !== '')
        .map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

function AlertComments({ alert }: { alert: AlertContract }) {
  if (alert.comments.length === 0) return null;
  return (
    <section aria-labelledby="alert-comments">
      <h2 id="alert-comments">Comments</h2>
      <ul class="comments">
        {alert.comments.map((comment, index) => (
          <li key={index}>
            <span class="who">{comment.by}</span> <span class="mono muted">{formatTime(comment.at)}</span>
            <p>{comment.text}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
