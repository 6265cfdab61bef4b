// A masking profile as the masker applies it: what happens to each field, the dictionary, and the
// profile's HMAC key. Built from the configuration's shape (masking-schema.ts). Pure.
import type { MaskingProfileConfig } from '../masking-schema.ts';

export type FieldAction = 'redact' | 'pseudonymise' | 'generalise' | 'rewrite';

/** The detection's group (field → value) and reason (JSON with values per field): masked key by key (detection.ts), never queried. */
export const DETECTION_GROUP = 'logwarden.detection.group';
export const DETECTION_REASON = 'logwarden.detection.reason';

export interface MaskingProfile {
  readonly name: string;
  readonly key: Uint8Array;
  /** Fields the profile changes; a field not here is shown, swept when `rewriteText`. */
  readonly actions: ReadonlyMap<string, FieldAction>;
  /** Rewrite free text: every shown string has the record's masked values, addresses and dictionary words replaced. */
  readonly rewriteText: boolean;
  readonly hosts: readonly string[];
  readonly organisations: readonly string[];
}

export function resolveProfile(config: MaskingProfileConfig, key: Uint8Array): MaskingProfile {
  const actions = new Map<string, FieldAction>();
  // message and event.original are rewritten unless the profile does something stronger with them.
  if (config.message) for (const name of ['message', 'event.original']) actions.set(name, 'rewrite');
  for (const name of config.rewrite) actions.set(name, 'rewrite');
  for (const name of config.generalise) actions.set(name, 'generalise');
  for (const name of config.pseudonymise) actions.set(name, 'pseudonymise');
  for (const name of config.redact) actions.set(name, 'redact');
  return { name: config.name, key, actions, rewriteText: config.message, hosts: config.dictionary.hosts, organisations: config.dictionary.organisations };
}

/** Whether a query or an aggregation may name the field: not when the profile changes it (or it holds masked values). */
export function hides(profile: MaskingProfile, field: string): boolean {
  return profile.actions.has(field) || field === DETECTION_GROUP || field === DETECTION_REASON;
}
