// The notices sent about an alert (docs/api.md, "Notifications"): each with its channel, kind,
// status and attempts, newest first, so "was anyone told?" is answered on the alert's page.
import type { NotificationContract } from '../../../contracts/alerts.ts';
import { formatTime } from '../../format.ts';

function attemptsText(notification: NotificationContract): string {
  const failed = notification.attempts.filter((attempt) => attempt.outcome === 'failed').length;
  const last = notification.attempts.at(-1);
  const lastText = last ? `, last ${formatTime(last.at)}${last.error ? `: ${last.error}` : ''}` : '';
  return `${notification.attempts.length} (${failed} failed${lastText})`;
}

export function AlertNotifications({ notifications }: { notifications: readonly NotificationContract[] }) {
  if (notifications.length === 0) return null;
  return (
    <section aria-labelledby="alert-notifications">
      <h2 id="alert-notifications">Notifications</h2>
      <table aria-label="Notifications">
        <thead>
          <tr>
            <th scope="col">Due</th>
            <th scope="col">Channel</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
          </tr>
        </thead>
        <tbody>
          {notifications.map((notification) => (
            <tr key={notification.id}>
              <td class="mono">{formatTime(notification.dueAt)}</td>
              <td>
                {notification.channel} ({notification.channelType}, route {notification.route})
              </td>
              <td>{notification.level === undefined ? notification.kind : `${notification.kind} (level ${notification.level})`}</td>
              <td>{notification.status === 'pending' && notification.nextAttemptAt ? `pending, next ${formatTime(notification.nextAttemptAt)}` : notification.status}</td>
              <td>{attemptsText(notification)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
