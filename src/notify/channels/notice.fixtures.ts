// A notice as the scheduler hands it to a channel, for the channels' tests: an SSH brute force on
// web-1, grouped by source.ip. Pure.
import type { AlertContract } from '../../contracts/alerts.ts';
import type { Notice } from '../channel.ts';

export const ALERT: AlertContract = {
  id: '0123456789abcdef0123',
  state: 'open',
  rule: { id: 'lw-ssh-brute-force', title: 'SSH brute force', level: 'high', revision: 'r1', tags: ['attack.credential-access', 'attack.t1110'], ruleset: 'logwarden' },
  group: { 'source.ip': '203.0.113.9' },
  detections: ['d1', 'd2', 'd3'],
  detectionCount: 3,
  firstSequence: 10,
  lastSequence: 42,
  firstSeen: '2026-12-01T12:00:00.000Z',
  lastSeen: '2026-12-01T12:04:00.000Z',
  systems: ['web'],
  hosts: ['web-1'],
  message: '12 failed SSH logins for root from 203.0.113.9',
  openedAt: '2026-12-01T12:04:01.000Z',
  comments: [],
  silencedBy: [],
  transition: 1,
  updatedBy: 'logwarden',
  updatedAt: '2026-12-01T12:04:01.000Z',
};

export function notice(overrides: Partial<Notice> = {}): Notice {
  return {
    id: 'n0123456789abcdef',
    kind: 'initial',
    alert: ALERT,
    values: { 'source.ip': '203.0.113.9', 'user.name': 'root', count: 12 },
    link: 'https://logwarden.example.org/alerts/0123456789abcdef0123',
    at: Date.UTC(2026, 11, 1, 12, 4, 31),
    ...overrides,
  };
}
