// logwarden's own events (R-EVENTS-1: security systems enabled or disabled; R-ACCESS-2 later):
// its start and stop and its read-only state are stored like any other event, in the ledger.
import os from 'node:os';
import type { LogEvent } from '../schema/event.ts';

export type InternalAction = 'logwarden-started' | 'logwarden-stopped' | 'read-only-entered' | 'read-only-left' | 'token-created' | 'token-revoked';

const DETAILS: Readonly<Record<InternalAction, { level: string; type: string; category: string }>> = {
  'logwarden-started': { level: 'notice', type: 'start', category: 'process' },
  'logwarden-stopped': { level: 'notice', type: 'end', category: 'process' },
  'read-only-entered': { level: 'critical', type: 'change', category: 'host' },
  'read-only-left': { level: 'notice', type: 'change', category: 'host' },
  'token-created': { level: 'notice', type: 'creation', category: 'iam' },
  'token-revoked': { level: 'notice', type: 'deletion', category: 'iam' },
};

export function internalEvent(action: InternalAction, message: string, now = Date.now()): LogEvent {
  const details = DETAILS[action];
  return {
    '@timestamp': now,
    'event.ingested': now,
    'event.original': message,
    message,
    'event.kind': 'event',
    'event.action': action,
    'event.type': [details.type],
    'event.category': [details.category],
    'event.outcome': 'success',
    'log.level': details.level,
    'service.name': 'logwarden',
    'host.name': os.hostname(),
    'process.name': 'logwarden',
    'process.pid': process.pid,
    'logwarden.source.protocol': 'internal',
    'logwarden.source.listener': '',
    'logwarden.source.peer': '',
    'logwarden.source.identity': 'logwarden',
  };
}
