// `access.masking` in the configuration: the masking profiles roles name (masking.ts, docs/access.md
// "Field masking"). Each profile says, field by field, what a masked caller sees: nothing
// (`redact`), a keyed pseudonym (`pseudonymise`) or the network of an address (`generalise`); and
// whether free text is rewritten (`message`). Every field named must be in the field registry, so
// a typo cannot leave a field unmasked. `third-party` is built in (masking/third-party.ts); a
// profile of that name here extends it: more fields masked, a dictionary, a key file.
import { z } from 'zod';
import { fieldByName } from '../schema/fields.ts';

/** The built-in profile's name: a profile of that name in the configuration extends it (masking.ts). */
export const THIRD_PARTY_PROFILE = 'third-party';

const fieldName = z.string().refine((name) => fieldByName(name) !== undefined, {
  error: (issue) => `unknown field ${JSON.stringify(issue.input)}: expected a field of the registry (logwarden fields, docs/fields.md)`,
});

const fieldList = z.array(fieldName).max(200).default([]);

/** Words no masked caller may see: each is replaced wherever it appears, in any field. */
const word = z.string().trim().min(2, 'a dictionary word needs at least 2 characters').max(200);

export const maskingProfileSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'expected a profile name of lower-case letters, digits, "_" or "-", starting with a letter'),
    /** Fields left out of every answer. */
    redact: fieldList,
    /** Fields whose values become HMAC pseudonyms (stable per profile and key, so correlation still works). */
    pseudonymise: fieldList,
    /** Address fields shown as their network: IPv4 /24, IPv6 /48 (an ip:port loses its port). */
    generalise: fieldList,
    /**
     * Rewrite free text (true by default): in every value shown, the record's masked values, every
     * IPv4 and IPv6 address and the dictionary's words are replaced; and `message`, `event.original`
     * and the `rewrite` fields may not be queried (their contents hold such values).
     */
    message: z.boolean().default(true),
    /** Free-text fields treated like `message`: rewritten and never queried (e.g. process.command_line). */
    rewrite: fieldList,
    dictionary: z
      .object({
        /** Host names: replaced (whole words, any case) by the host's pseudonym. */
        hosts: z.array(word).max(10_000).default([]),
        /** Organisation names: replaced wherever they appear, any case, also inside longer words. */
        organisations: z.array(word).max(10_000).default([]),
      })
      .strict()
      .prefault({}),
    /** A file holding this profile's HMAC key (at least 32 characters); otherwise one is made in <data-dir>/secrets/masking-keys.json. */
    keyFile: z.string().min(1).optional(),
  })
  .strict()
  .refine((profile) => profile.name !== THIRD_PARTY_PROFILE || profile.message, {
    message: `the built-in "${THIRD_PARTY_PROFILE}" profile always rewrites free text; an extension of it cannot set message: false`,
    path: ['message'],
  })
  .superRefine((profile, context) => {
    const seen = new Map<string, string>();
    for (const action of ['redact', 'pseudonymise', 'generalise', 'rewrite'] as const) {
      for (const name of profile[action]) {
        const earlier = seen.get(name);
        if (earlier !== undefined && earlier !== action) context.addIssue({ code: 'custom', path: [action], message: `field ${name} is in both ${earlier} and ${action}: choose one` });
        seen.set(name, action);
      }
    }
  });
export type MaskingProfileConfig = z.output<typeof maskingProfileSchema>;

export const maskingSchema = z
  .object({
    profiles: z
      .array(maskingProfileSchema)
      .default([])
      .refine((profiles) => new Set(profiles.map((profile) => profile.name)).size === profiles.length, 'two masking profiles have the same name'),
  })
  .strict()
  .prefault({});
export type MaskingConfig = z.output<typeof maskingSchema>;
