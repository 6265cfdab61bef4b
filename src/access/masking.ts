// Field masking (R-MASK-1, R-ACCESS-1): a masking profile redacts fields, replaces them with HMAC
// pseudonyms (stable per profile and key, so correlation still works), generalises addresses and
// rewrites user names, addresses and host names inside `message` and `event.original`. Every read
// of a masked caller goes through its profile; a query naming a masked field is refused
// (LW_MASKED_FIELD), and a masked caller never receives leaves, proofs or evidence (a leaf hash
// would confirm guesses at a masked value).
//
// SCAFFOLD (issue 13): the masking helper builds this; the seam is `forPrincipal` and `Masker`.
import type { LogEvent } from '../schema/event.ts';
import type { Principal } from './principal.ts';

export interface Masker {
  readonly profile: string;
  /** The event as this caller may see it (a new object; the input is not changed). */
  maskEvent(event: LogEvent): LogEvent;
  /** Throws LW_MASKED_FIELD when the query text names a field this profile hides (or searches the rewritten message). */
  checkQuery(query: string): void;
  /** A top-values bucket key of `field` as this caller may see it; undefined when the field may not be aggregated. */
  maskValue(field: string, value: string): string | undefined;
}

export class MaskingProfiles {
  /** `config`: `access.masking`; `secretsDir`: where the profiles' HMAC keys are kept. */
  constructor(_config: unknown, _secretsDir: string) {}

  /** Load or create the HMAC keys. */
  async open(): Promise<void> {}

  /** The masker every read of this principal goes through; undefined when its role masks nothing. */
  forPrincipal(_principal: Principal): Masker | undefined {
    return undefined;
  }
}
