// The channels of the configuration, opened at start (docs/alerting.md "Channels"): secrets and
// CA files read from their files or the environment, the webhook secret checked, SMTP transports
// made; one Channel per notifications.channels entry. A channel that cannot be opened stops the
// start with LW_CONFIG_INVALID naming the channel and the reason (never a secret's value).
import { LogwardenError } from '../../errors/codes.ts';
import { systemClock, type Clock } from '../../runtime/clock.ts';
import type { Channel } from '../channel.ts';
import type { ChannelConfig } from '../notifications-schema.ts';
import { webhookKey, WebhookSecretError } from '../webhook-signature.ts';
import { EmailChannel } from './email.ts';
import { readCa, readSecret } from './secrets.ts';
import { SlackChannel } from './slack.ts';
import { SyslogChannel } from './syslog.ts';
import type { SyslogIdentity } from './syslog-format.ts';
import { WebhookChannel } from './webhook.ts';

export interface ChannelOptions {
  /** Time limit of one attempt, ms. */
  readonly timeoutMs: number;
  /** Where secretEnv and passwordEnv are read from (process.env in the server). */
  readonly env: NodeJS.ProcessEnv;
  /** The wall clock of webhook-timestamp (default the system clock): receivers compare it with theirs, so not a test's manual clock. */
  readonly wallClock?: Clock;
  /** HOSTNAME and PROCID of syslog messages (default this host and process). */
  readonly syslogIdentity?: SyslogIdentity;
}

async function webhookSigningKey(config: Extract<ChannelConfig, { type: 'webhook' }>, env: NodeJS.ProcessEnv): Promise<Buffer | undefined> {
  const secret = await readSecret(config.name, 'signing secret', { inline: config.secret, file: config.secretFile, env: config.secretEnv }, env);
  if (secret === undefined) return undefined;
  try {
    return webhookKey(secret);
  } catch (error) {
    if (error instanceof WebhookSecretError) throw new LogwardenError('LW_CONFIG_INVALID', `notifications channel "${config.name}": ${error.message}`);
    throw error;
  }
}

/** Open one channel. */
export async function openChannel(config: ChannelConfig, options: ChannelOptions): Promise<Channel> {
  const ca = await readCa(config.name, config.type === 'syslog' ? (config.tls === true || config.tls === false ? undefined : config.tls.ca) : config.tls?.ca);
  const httpTls = { ...(ca === undefined ? {} : { ca }), ...(config.type !== 'syslog' && config.tls?.serverName !== undefined ? { serverName: config.tls.serverName } : {}) };
  switch (config.type) {
    case 'email': {
      const password = await readSecret(config.name, 'SMTP password', { file: config.passwordFile, env: config.passwordEnv }, options.env);
      return new EmailChannel(config, { timeoutMs: options.timeoutMs, ...(password === undefined ? {} : { password }), ...(ca === undefined ? {} : { ca }) });
    }
    case 'webhook': {
      const key = await webhookSigningKey(config, options.env);
      return new WebhookChannel(config, { timeoutMs: options.timeoutMs, wallClock: options.wallClock ?? systemClock, tls: httpTls, ...(key === undefined ? {} : { key }) });
    }
    case 'slack':
      return new SlackChannel(config, options.timeoutMs, httpTls);
    case 'syslog':
      return new SyslogChannel(config, { timeoutMs: options.timeoutMs, ...(ca === undefined ? {} : { ca }), ...(options.syslogIdentity === undefined ? {} : { identity: options.syslogIdentity }) });
  }
}

export async function openChannels(configs: readonly ChannelConfig[], options: ChannelOptions): Promise<Map<string, Channel>> {
  const channels = new Map<string, Channel>();
  try {
    for (const config of configs) channels.set(config.name, await openChannel(config, options));
  } catch (error) {
    await Promise.allSettled([...channels.values()].map((channel) => channel.close()));
    throw error;
  }
  return channels;
}
