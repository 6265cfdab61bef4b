// A silence: for a while, notifications of the alerts it matches are held back (detections and
// alerts are not: they are made and stay visible, marked as silenced). An entity like alerts
// (src/entities/transition-log.ts): created, possibly ended early, each change in the ledger with
// its author and reason (docs/alerting.md, "Silences"). Pure.
import { z } from 'zod';
import { RULE_LEVELS } from '../detection/rule.ts';

export const SILENCE_ENTITY = 'silence';

const epochMs = z.number().int().nonnegative();

/** Which alerts a silence holds: every condition given must hold. At least one is needed. */
export const silenceMatcher = z
  .object({
    /** A rule's id or title. */
    rule: z.string().min(1).max(512).optional(),
    level: z.enum(RULE_LEVELS).optional(),
    /** One of the alert's systems. */
    system: z.string().min(1).max(63).optional(),
    /** Tags the rule must all carry. */
    tags: z.array(z.string().min(1).max(200)).min(1).max(50).optional(),
    /** Group values that must all be the alert's, e.g. {"source.ip": "203.0.113.9"}. */
    group: z.record(z.string().min(1).max(200), z.string().max(1000)).optional(),
    /**
     * The systems of whoever made it, when they may see only some (set by the server, never by the
     * caller): it holds only alerts all of whose systems are among these, so a person limited to
     * some systems cannot silence alerts about others (R-ACCESS-1).
     */
    within: z.array(z.string().min(1).max(63)).min(1).max(1000).optional(),
  })
  .strict()
  .refine(({ within: _within, ...matchers }) => Object.values(matchers).some((value) => value !== undefined), { message: 'a silence needs at least one matcher (rule, level, system, tags or group)' });
export type SilenceMatcher = z.output<typeof silenceMatcher>;

export const silenceStateSchema = z
  .object({
    matcher: silenceMatcher,
    startsAt: epochMs,
    endsAt: epochMs,
    reason: z.string().min(1).max(2000),
    /** Who made it (also the transition's `by`). */
    author: z.string(),
    /** Set when it was ended before endsAt: when, by whom, why. */
    ended: z
      .object({ at: epochMs, by: z.string(), why: z.string().max(2000).optional() })
      .strict()
      .optional(),
  })
  .strict()
  .refine((silence) => silence.endsAt > silence.startsAt, { message: 'a silence must end after it starts', path: ['endsAt'] });
export type SilenceState = z.output<typeof silenceStateSchema>;

export interface StoredSilence {
  readonly id: string;
  readonly n: number;
  readonly state: SilenceState;
  readonly by: string;
  readonly at: number;
}

/** Whether the silence holds notifications at `now`. */
export function silenceInForce(silence: SilenceState, now: number): boolean {
  return silence.startsAt <= now && now < (silence.ended?.at ?? silence.endsAt);
}
