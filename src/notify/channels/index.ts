// The channels of the configuration, opened at start (secrets read from their files or the
// environment, SMTP transports made): one Channel per notifications.channels entry.
// SCAFFOLD: filled in by the channels work.
import type { Channel } from '../channel.ts';
import type { ChannelConfig } from '../notifications-schema.ts';

export interface ChannelOptions {
  /** Time limit of one attempt, ms. */
  readonly timeoutMs: number;
  /** Where secretEnv and passwordEnv are read from (process.env in the server). */
  readonly env: NodeJS.ProcessEnv;
}

export async function openChannels(configs: readonly ChannelConfig[], options: ChannelOptions): Promise<Map<string, Channel>> {
  void configs;
  void options;
  return new Map();
}
