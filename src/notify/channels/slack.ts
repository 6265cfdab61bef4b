// The Slack-compatible channel (docs/alerting.md "Channels"): the message of slack-format.ts
// POSTed to an incoming-webhook URL (Slack, Mattermost, Rocket.Chat). Such URLs are their own
// secret (the token is in the path), so no record shows more than scheme://host.
import type { Channel, Notice } from '../channel.ts';
import type { SlackChannelConfig } from '../notifications-schema.ts';
import { postJson, type HttpTls } from './http-post.ts';
import { slackMessage } from './slack-format.ts';

export class SlackChannel implements Channel {
  readonly name: string;
  readonly type = 'slack' as const;
  readonly masking?: string;
  readonly #url: URL;
  readonly #tls: HttpTls | undefined;
  readonly #timeoutMs: number;

  constructor(config: SlackChannelConfig, timeoutMs: number, tls?: HttpTls) {
    this.name = config.name;
    if (config.masking !== undefined) this.masking = config.masking;
    this.#url = new URL(config.url);
    this.#tls = tls;
    this.#timeoutMs = timeoutMs;
  }

  async deliver(notice: Notice, signal: AbortSignal): Promise<void> {
    await postJson(this.#url, JSON.stringify(slackMessage(notice)), {
      headers: {},
      signal: AbortSignal.any([signal, AbortSignal.timeout(this.#timeoutMs)]),
      ...(this.#tls === undefined ? {} : { tls: this.#tls }),
    });
  }

  async close(): Promise<void> {
    // One connection per request: nothing stays open.
  }
}
