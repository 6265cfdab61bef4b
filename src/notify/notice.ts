// The Notice a channel turns into its message (channel.ts): the alert as the API shows it, the
// values its last detection matched on, and the link to it; masked with the channel's masking
// profile when the channel names one, so a third party's inbox gets what a masked user would see.
// A profile that does not exist fails the delivery instead of sending unmasked (fail closed). Pure.
import type { MaskingProfiles } from '../access/masking.ts';
import { alertAnswer, maskAlert } from '../alerts/alert-answer.ts';
import type { StoredAlert } from '../alerts/alert-state.ts';
import { DeliveryError, type Channel, type Notice } from './channel.ts';
import type { NotificationKind } from './notification-state.ts';

export interface NoticeInput {
  readonly id: string;
  readonly kind: NotificationKind;
  readonly level?: number;
  readonly alert: StoredAlert;
  /** The silences in force that match the alert (ids). */
  readonly silencedBy: readonly string[];
  readonly link: string;
  readonly at: number;
}

/** The matched values of the alert's last detection (`why.values`), when it has them. */
export function matchedValues(alert: StoredAlert): Record<string, unknown> {
  const values = alert.state.why['values'];
  return typeof values === 'object' && values !== null && !Array.isArray(values) ? { ...(values as Record<string, unknown>) } : {};
}

export function buildNotice(input: NoticeInput, channel: Pick<Channel, 'name' | 'masking'>, masking: Pick<MaskingProfiles, 'forProfile'>): Notice {
  const answer = alertAnswer(input.alert, input.silencedBy);
  const values = matchedValues(input.alert);
  const common = { id: input.id, kind: input.kind, ...(input.level === undefined ? {} : { level: input.level }), link: input.link, at: input.at };
  if (channel.masking === undefined) return { ...common, alert: answer, values };
  const masker = masking.forProfile(channel.masking);
  if (!masker) throw new DeliveryError(`channel ${channel.name}: no masking profile "${channel.masking}", so nothing is sent unmasked`, false);
  const masked = maskAlert(masker, answer, values);
  return { ...common, alert: masked.alert, values: masked.values };
}
