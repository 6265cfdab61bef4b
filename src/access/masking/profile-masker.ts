// The Masker of one profile (masking.ts's seam): every read of a masked caller goes through it.
import type { LogEvent } from '../../schema/event.ts';
import type { Masker } from '../masking.ts';
import { checkQuery, fieldNamed, maskedFieldError } from './check-query.ts';
import { maskDetectionParts, maskFieldValues, addDetectionValues, type DetectionParts } from './detection.ts';
import { maskEvent } from './mask-event.ts';
import { hides, type MaskingProfile } from './profile.ts';
import type { DictionaryPattern } from './rewrite.ts';
import { SensitiveValues, dictionaryPatterns } from './shown.ts';

export class ProfileMasker implements Masker {
  readonly #profile: MaskingProfile;
  readonly #dictionary: readonly DictionaryPattern[];

  constructor(profile: MaskingProfile) {
    this.#profile = profile;
    this.#dictionary = dictionaryPatterns(profile);
  }

  get profile(): string {
    return this.#profile.name;
  }

  maskEvent(event: LogEvent): LogEvent {
    return maskEvent(this.#profile, this.#dictionary, event);
  }

  checkQuery(query: string): void {
    checkQuery(this.#profile, query);
  }

  checkAggregate(field: string): void {
    const name = fieldNamed(field);
    const action = this.#profile.actions.get(name);
    // Pseudonyms and networks may be counted: the buckets show them, never the values.
    if (hides(this.#profile, name) && action !== 'pseudonymise' && action !== 'generalise')
      throw maskedFieldError(this.#profile.name, name, `${name} is masked for this caller and its top values would show what the masking hides`);
  }

  maskValue(field: string, value: string): string | undefined {
    const name = fieldNamed(field);
    const action = this.#profile.actions.get(name);
    if (hides(this.#profile, name) && action !== 'pseudonymise' && action !== 'generalise') return undefined;
    return this.#values().shown(name, value);
  }

  maskDetection<T extends DetectionParts>(detection: T): T {
    const values = this.#values();
    addDetectionValues(values, detection.group, detection.why);
    return maskDetectionParts(values, detection);
  }

  maskFieldValues(byField: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const values = this.#values();
    for (const [field, value] of Object.entries(byField)) values.add(field, value);
    return maskFieldValues(values, byField);
  }

  #values(): SensitiveValues {
    return new SensitiveValues(this.#profile, this.#dictionary);
  }
}
