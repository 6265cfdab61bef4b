// Field masking (R-MASK-1, R-ACCESS-1): a masking profile redacts fields, replaces them with HMAC
// pseudonyms (stable per profile and key, so correlation still works), generalises addresses and
// rewrites user names, addresses and host names inside `message` and `event.original`. Every read
// of a masked caller goes through its profile; a query naming a masked field is refused
// (LW_MASKED_FIELD), and a masked caller never receives leaves, proofs or evidence (a leaf hash
// would confirm guesses at a masked value). The parts are in masking/; this file holds the seam
// and the one piece of I/O, the profiles' keys (masking/keys.ts).
import { LogwardenError } from '../errors/codes.ts';
import type { LogEvent } from '../schema/event.ts';
import { THIRD_PARTY_PROFILE, type MaskingConfig } from './masking-schema.ts';
import type { DetectionParts } from './masking/detection.ts';
import { loadKeys } from './masking/keys.ts';
import { ProfileMasker } from './masking/profile-masker.ts';
import { resolveProfile } from './masking/profile.ts';
import { extendThirdParty } from './masking/third-party.ts';
import type { Principal } from './principal.ts';

export interface Masker {
  readonly profile: string;
  /** The event as this caller may see it (a new object; the input is not changed). */
  maskEvent(event: LogEvent): LogEvent;
  /** Throws LW_MASKED_FIELD when the query text names a field this profile hides (or searches the rewritten message). */
  checkQuery(query: string): void;
  /** A top-values bucket key of `field` as this caller may see it; undefined when the field may not be aggregated. */
  maskValue(field: string, value: string): string | undefined;
  /** Throws LW_MASKED_FIELD when top values of `field` may not be shown (a redacted or rewritten field). */
  checkAggregate(field: string): void;
  /** A detection (API answer, hunt or test) with its group, `why` values and message masked. */
  maskDetection<T extends DetectionParts>(detection: T): T;
  /** Values keyed by their field (a rule test's matched values), masked. */
  maskFieldValues(byField: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

export class MaskingProfiles {
  readonly #config: MaskingConfig;
  readonly #secretsDir: string;
  #maskers: ReadonlyMap<string, Masker> | undefined;

  /** `config`: `access.masking`; `secretsDir`: where the profiles' HMAC keys are kept. */
  constructor(config: MaskingConfig, secretsDir: string) {
    this.#config = config;
    this.#secretsDir = secretsDir;
  }

  /** Load or create the HMAC keys. */
  async open(): Promise<void> {
    const custom = this.#config.profiles.filter((profile) => profile.name !== THIRD_PARTY_PROFILE);
    const profiles = [extendThirdParty(this.#config.profiles.find((profile) => profile.name === THIRD_PARTY_PROFILE)), ...custom];
    const keys = await loadKeys(this.#secretsDir, profiles);
    this.#maskers = new Map(profiles.map((profile) => [profile.name, new ProfileMasker(resolveProfile(profile, keys.get(profile.name) as Uint8Array))]));
  }

  /** The profiles in force: the built-in one and the configuration's. */
  get names(): readonly string[] {
    return [...new Set([THIRD_PARTY_PROFILE, ...this.#config.profiles.map((profile) => profile.name)])];
  }

  /** The masker of a profile by name (issue 17's masked exports name `third-party`); undefined when there is none. */
  forProfile(name: string): Masker | undefined {
    if (this.#maskers === undefined) throw new Error('MaskingProfiles.forProfile before open()');
    return this.#maskers.get(name);
  }

  /**
   * The masker every read of this principal goes through; undefined when its role masks nothing.
   * A role naming a profile that does not exist fails closed: the caller reads nothing.
   */
  forPrincipal(principal: Principal | undefined): Masker | undefined {
    if (principal?.masking === undefined) return undefined;
    const masker = this.forProfile(principal.masking);
    if (masker === undefined) {
      throw new LogwardenError(
        'LW_AUTH_FORBIDDEN',
        `role ${principal.role} reads through the masking profile "${principal.masking}", which is not configured (access.masking.profiles): nothing is shown`,
      );
    }
    return masker;
  }
}

/** Refuse `what` to a masked caller, whatever its permissions, saying `because`. */
export function refuseIfMasked(principal: Principal | undefined, what: string, because: string): void {
  if (principal?.masking === undefined) return;
  throw new LogwardenError(
    'LW_AUTH_FORBIDDEN',
    `${what} is not given to a masked caller (role ${principal.role}, masking profile "${principal.masking}"): ${because} (docs/access.md, "Field masking")`,
  );
}

/**
 * Leaves, proofs, verification reports and evidence bundles are refused to any masked caller: a
 * record's leaf hash is a hash of its unmasked content, so it would confirm offline any guess at a
 * masked low-entropy value (a user name, an address); proofs and reports are made of such hashes.
 */
export function refuseEvidenceIfMasked(principal: Principal | undefined, what: string): void {
  refuseIfMasked(principal, what, "a record's leaf hash would confirm guesses at its masked values");
}
