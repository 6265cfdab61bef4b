// Test helpers for the masking tests: maskers over a fixed key, built from the real profiles.
import type { Masker } from '../masking.ts';
import type { MaskingProfileConfig } from '../masking-schema.ts';
import { ProfileMasker } from './profile-masker.ts';
import { resolveProfile } from './profile.ts';
import { THIRD_PARTY } from './third-party.ts';

export const KEY_A = Buffer.alloc(32, 0xa1);
export const KEY_B = Buffer.alloc(32, 0xb2);

/** The built-in third-party profile, with a dictionary when given. */
export function thirdParty(dictionary: Partial<MaskingProfileConfig['dictionary']> = {}, key: Uint8Array = KEY_A): Masker {
  return new ProfileMasker(resolveProfile({ ...THIRD_PARTY, dictionary: { hosts: [], organisations: [], ...dictionary } }, key));
}

export function customProfile(config: Partial<MaskingProfileConfig> & { name: string }, key: Uint8Array = KEY_A): Masker {
  return new ProfileMasker(resolveProfile({ redact: [], pseudonymise: [], generalise: [], rewrite: [], message: true, dictionary: { hosts: [], organisations: [] }, ...config }, key));
}
