// `logwarden notifications list|test` (docs/alerting.md): the record of every notification and
// its attempts, and a test notice through one channel (needs config.manage).
import { Option, type Command } from 'commander';
import { NOTIFICATION_STATUSES } from '../notify/notification-state.ts';
import { notificationResponse, notificationsResponse } from '../contracts/alerts.ts';
import { formatNotifications } from './alert-format.ts';
import { getJson, requestJson, resolveToken, type ClientOptions } from './client.ts';

export function registerNotificationCommands(program: Command, clientOptions: (command: Command) => ClientOptions): void {
  const notifications = program.command('notifications').description('notifications: what was sent about alerts, through which channel, and every attempt');
  notifications
    .command('list')
    .description('notifications, newest first (GET /api/v1/notifications)')
    .addOption(new Option('--status <status>', 'only these').choices(NOTIFICATION_STATUSES))
    .option('--alert <id>', 'of this alert')
    .option('--channel <name>', 'through this channel')
    .option('--limit <n>', 'most notifications to print', '100')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'ndjson']).default('table'))
    .action(async (flags: { status?: string; alert?: string; channel?: string; limit: string; format: string }, command: Command) => {
      const options = clientOptions(command);
      const { status, alert, channel, limit } = flags;
      const answer = await getJson(notificationsResponse, options, resolveToken(options, process.env), '/api/v1/notifications', { status, alert, channel, limit });
      process.stdout.write(flags.format === 'ndjson' ? answer.notifications.map((n) => `${JSON.stringify(n)}\n`).join('') : `${formatNotifications(answer.notifications)}\n`);
    });
  notifications
    .command('test')
    .description('send a test notice through one channel now and print how it went (POST /api/v1/notifications/test)')
    .argument('<channel>', 'the channel name, as in notifications.channels')
    .action(async (channel: string, _flags: unknown, command: Command) => {
      const options = clientOptions(command);
      const { notification } = await requestJson(notificationResponse, options, resolveToken(options, process.env), 'POST', '/api/v1/notifications/test', { channel });
      process.stdout.write(`${formatNotifications([notification])}\n`);
    });
}
