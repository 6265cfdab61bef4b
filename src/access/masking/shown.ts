// What one value of a field looks like to a masked caller, and the record's sensitive values that
// free text is rewritten with: each value of a masked field, as it is shown in its field, so a user
// name reads the same pseudonym in user.name and inside the message. Pure.
import { isIP } from 'node:net';
import { fieldByName } from '../../schema/fields.ts';
import { generaliseAddress } from './generalise.ts';
import type { MaskingProfile } from './profile.ts';
import { pseudonym, pseudonymKind } from './pseudonym.ts';
import { REDACTED, rewriteText, wordsPattern, type DictionaryPattern, type RewriteContext } from './rewrite.ts';

/** Values shorter than this are not looked for in text: a one-letter name would rewrite every word. */
const MIN_TEXT_VALUE = 2;
/** The first label of a host's dotted name is looked for too (`web01` of `web01.corp.example`) when at least this long. */
const MIN_HOST_LABEL = 3;

/** The profile's dictionary as patterns: built once per profile. */
export function dictionaryPatterns(profile: Pick<MaskingProfile, 'hosts' | 'organisations'>): DictionaryPattern[] {
  const hosts = wordsPattern(profile.hosts);
  const organisations = wordsPattern(profile.organisations, true);
  return [...(organisations ? [{ kind: 'org' as const, pattern: organisations }] : []), ...(hosts ? [{ kind: 'host' as const, pattern: hosts }] : [])];
}

/** How a masked value reads where it stands: undefined when the field is shown (not masked). */
function replacementOf(profile: MaskingProfile, field: string, value: string): string | undefined {
  switch (profile.actions.get(field)) {
    case 'redact':
      return REDACTED;
    case 'pseudonymise':
      return pseudonym(profile.key, pseudonymKind(field), value);
    case 'generalise':
      return generaliseAddress(value) ?? REDACTED;
    default:
      return fieldByName(field) === undefined ? pseudonym(profile.key, 'value', value) : undefined;
  }
}

/** The sensitive values of one record (or detection) and the rewriting they make. */
export class SensitiveValues {
  readonly #profile: MaskingProfile;
  readonly #dictionary: readonly DictionaryPattern[];
  readonly #values = new Map<string, string>();
  #context: RewriteContext | undefined;

  constructor(profile: MaskingProfile, dictionary: readonly DictionaryPattern[]) {
    this.#profile = profile;
    this.#dictionary = dictionary;
  }

  /** A value of `field` (a field of the registry; any other name counts as sensitive). */
  add(field: string, value: unknown): void {
    if (typeof value === 'string') this.#addText(value, replacementOf(this.#profile, field, value));
    else if (Array.isArray(value)) for (const item of value) this.add(field, item);
  }

  /** A value of no known field (a correlation's distinct values, a first-seen value): always sensitive. */
  addUnknown(value: unknown): void {
    // A value also seen in a field of its own reads as that field shows it.
    if (typeof value === 'string' && !this.#values.has(value.toLowerCase())) this.#addText(value, pseudonym(this.#profile.key, 'value', value));
  }

  #addText(value: string, replacement: string | undefined): void {
    if (replacement === undefined || value.trim().length < MIN_TEXT_VALUE) return;
    this.#context = undefined;
    this.#values.set(value.toLowerCase(), replacement);
    // A host's short name stands for it in messages: `web01` of `web01.corp.example`.
    if (replacement.startsWith('host-') && value.includes('.') && isIP(value) === 0) {
      const label = value.split('.')[0] ?? '';
      if (label.length >= MIN_HOST_LABEL && !this.#values.has(label.toLowerCase())) this.#values.set(label.toLowerCase(), pseudonym(this.#profile.key, 'host', label));
    }
  }

  context(): RewriteContext {
    this.#context ??= {
      values: this.#values,
      valuePattern: wordsPattern(this.#values.keys()),
      dictionary: this.#dictionary,
      pseudonym: (kind, value) => pseudonym(this.#profile.key, kind, value),
    };
    return this.#context;
  }

  /** One string of `field` as the caller sees it; undefined when the field is redacted. */
  shown(field: string, value: string): string | undefined {
    const action = this.#profile.actions.get(field);
    if (action === 'redact') return undefined;
    if (action === 'pseudonymise') return value === '' ? value : pseudonym(this.#profile.key, pseudonymKind(field), value);
    if (action === 'generalise') return value === '' ? value : (generaliseAddress(value) ?? REDACTED);
    if (fieldByName(field) === undefined) return value === '' ? value : pseudonym(this.#profile.key, 'value', value);
    return action === 'rewrite' || this.#profile.rewriteText ? rewriteText(value, this.context()) : value;
  }

  /** Free text rewritten (whatever the profile's `message` says: for texts that are always rewritten). */
  rewrite(text: string): string {
    return rewriteText(text, this.context());
  }
}
