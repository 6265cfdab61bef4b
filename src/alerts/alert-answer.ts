// An alert as the API answers it and as notifications describe it (contracts/alerts.ts): times in
// ISO 8601, and for a masked caller or channel its values masked like a detection's (group values,
// message, hosts) and its comments left out (free text people wrote can name anything). Pure.
import type { Masker } from '../access/masking.ts';
import type { AlertContract } from '../contracts/alerts.ts';
import type { StoredAlert } from './alert-state.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

export function alertAnswer(alert: StoredAlert, silencedBy: readonly string[]): AlertContract {
  const s = alert.state;
  const optional = (key: string, ms: number | undefined): Record<string, string> => (ms === undefined ? {} : { [key]: iso(ms) });
  return {
    id: alert.id,
    state: s.state,
    rule: { ...s.rule, tags: [...s.rule.tags] },
    group: { ...s.group },
    detections: [...s.detections],
    detectionCount: s.detectionCount,
    firstSequence: s.firstSequence,
    lastSequence: s.lastSequence,
    firstSeen: iso(s.firstSeen),
    lastSeen: iso(s.lastSeen),
    systems: [...s.systems],
    hosts: [...s.hosts],
    message: s.message,
    ...(s.disposition ? { disposition: s.disposition } : {}),
    ...(s.assignee !== undefined ? { assignee: s.assignee } : {}),
    openedAt: iso(s.openedAt),
    ...optional('acknowledgedAt', s.acknowledgedAt),
    ...optional('resolvedAt', s.resolvedAt),
    ...optional('closedAt', s.closedAt),
    comments: s.comments.map((c) => ({ by: c.by, at: iso(c.at), text: c.text })),
    silencedBy: [...silencedBy],
    transition: alert.n,
    updatedBy: alert.by,
    updatedAt: iso(alert.at),
  };
}

/** The alert as a masked caller or channel sees it; `values`: the matched values shown with it, masked the same way. */
export function maskAlert(masker: Masker, alert: AlertContract, values: Readonly<Record<string, unknown>> = {}): { alert: AlertContract; values: Record<string, unknown> } {
  // The evidence's host names are values of the record too: a message naming one is rewritten with the rest.
  const hostValues = [alert.hosts, values['host.name'] ?? []].flat();
  const masked = masker.maskDetection({ group: alert.group, why: { kind: 'match', values: { ...values, 'host.name': hostValues } }, message: alert.message });
  const hosts = alert.hosts.map((host) => masker.maskValue('host.name', host)).filter((host): host is string => host !== undefined);
  return { alert: { ...alert, group: masked.group, message: masked.message, hosts, comments: [] }, values: masker.maskFieldValues(values) };
}
