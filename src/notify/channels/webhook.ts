// The webhook channel (docs/alerting.md "Channels"): the notice's JSON payload (content.ts) POSTed
// to the URL, signed per Standard Webhooks when the channel has a secret. The webhook-id is the
// notice's id, the same on every retry, so a receiver that got it once can drop the repeat.
import type { Clock } from '../../runtime/clock.ts';
import { DeliveryError, type Channel, type Notice } from '../channel.ts';
import { webhookPayload } from '../content.ts';
import type { WebhookChannelConfig } from '../notifications-schema.ts';
import { signWebhook, WEBHOOK_ID } from '../webhook-signature.ts';
import { postJson, type HttpTls } from './http-post.ts';

export interface WebhookChannelOptions {
  /** The HMAC key from the channel's secret (webhookKey); absent: requests are not signed. */
  readonly key?: Buffer;
  readonly tls?: HttpTls;
  /** The clock of webhook-timestamp: the real time of each attempt (receivers check it against theirs). */
  readonly wallClock: Clock;
  /** Time limit of one request, ms (besides the caller's signal). */
  readonly timeoutMs: number;
}

export class WebhookChannel implements Channel {
  readonly name: string;
  readonly type = 'webhook' as const;
  readonly masking?: string;
  readonly #url: URL;
  readonly #options: WebhookChannelOptions;

  constructor(config: WebhookChannelConfig, options: WebhookChannelOptions) {
    this.name = config.name;
    if (config.masking !== undefined) this.masking = config.masking;
    this.#url = new URL(config.url);
    this.#options = options;
  }

  async deliver(notice: Notice, signal: AbortSignal): Promise<void> {
    if (!WEBHOOK_ID.test(notice.id)) throw new DeliveryError('the notification id is not fit for a webhook-id', false);
    const body = JSON.stringify(webhookPayload(notice));
    const key = this.#options.key;
    const headers: Record<string, string> = key === undefined ? { 'webhook-id': notice.id } : { ...signWebhook(key, notice.id, this.#options.wallClock.now(), body) };
    await postJson(this.#url, body, {
      headers,
      signal: AbortSignal.any([signal, AbortSignal.timeout(this.#options.timeoutMs)]),
      ...(this.#options.tls === undefined ? {} : { tls: this.#options.tls }),
    });
  }

  async close(): Promise<void> {
    // Each request has its own connection (agent: false): nothing stays open.
  }
}
