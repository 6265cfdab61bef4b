// HMAC pseudonyms: HMAC-SHA256(profile key, value), truncated to 10 hex digits (40 bits: collisions
// become likely only past a million distinct values) behind a prefix saying what kind of value it
// stands for, e.g. `user-3f9a1c2b7d`. The digits depend on the key and the value only, never on the
// field, so `alice` reads the same in user.name, related.user and the message (correlation stays
// possible); host names, e-mail addresses and organisation names are compared case-insensitively. Pure.
import { createHmac } from 'node:crypto';

const DIGITS = 10;
/** Kinds whose values are compared without case: host names and e-mail addresses (as DNS does), organisation names. */
const CASELESS = new Set(['host', 'org', 'email']);

/** What a pseudonymised field's values are, for the prefix: `user`, `host`, `org`, … */
export function pseudonymKind(field: string): string {
  if (field === 'related.user' || field.startsWith('user.')) return 'user';
  if (field === 'url.domain' || field === 'logwarden.node' || field.startsWith('host.') || field === 'observer.name' || field === 'observer.hostname') return 'host';
  if (field === 'session.id') return 'session';
  const first = field.split('.')[0] ?? 'value';
  return /^[a-z]+$/.test(first) ? first : 'value';
}

export function pseudonym(key: Uint8Array, kind: string, value: string): string {
  const input = CASELESS.has(kind) ? value.toLowerCase() : value;
  return `${kind}-${createHmac('sha256', key).update(input, 'utf8').digest('hex').slice(0, DIGITS)}`;
}
