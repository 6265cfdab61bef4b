// Token expiry as given to `POST /api/v1/tokens` and `token create --expires`: a duration from now
// (`90d`, `12h`, `30m`, `2w`) or an ISO 8601 time (`2027-03-01`, `2027-03-01T12:00:00Z`; UTC when it
// names no zone). Pure.
import { LogwardenError } from '../errors/codes.ts';

const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/** Ten years: anything longer is almost certainly a typo. */
const MAX_MS = 3653 * 86_400_000;

/** The expiry as epoch ms; throws LW_BAD_REQUEST when it is malformed, past or too far away. */
export function parseExpiry(text: string, now: number): number {
  const at = expiryTime(text, now);
  if (at === undefined) {
    throw new LogwardenError('LW_BAD_REQUEST', `expires: expected a duration like 90d, 12h or 2w, or an ISO 8601 time like 2027-03-01T00:00:00Z, found ${JSON.stringify(text)}`);
  }
  if (at <= now) throw new LogwardenError('LW_BAD_REQUEST', `expires: ${new Date(at).toISOString()} is not in the future`);
  if (at - now > MAX_MS) throw new LogwardenError('LW_BAD_REQUEST', `expires: ${JSON.stringify(text)} is more than ten years away; leave expires out for a token that does not expire`);
  return at;
}

function expiryTime(text: string, now: number): number | undefined {
  const duration = /^(\d{1,6})([mhdw])$/.exec(text);
  if (duration) return now + Number(duration[1]) * (UNIT_MS[duration[2] as string] as number);
  if (!/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return undefined;
  const zoned = /[T ]\d{2}:\d{2}/.test(text) && !/(?:Z|[+-]\d{2}:?\d{2})$/.test(text) ? `${text}Z` : text; // no zone: UTC
  const at = Date.parse(zoned);
  return Number.isNaN(at) ? undefined : at;
}
