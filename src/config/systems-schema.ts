// The systems inventory (issue 11, docs/systems.md): the policy's "information system or IT asset",
// each with a name, an owner, a description and the rules that place an event in it. An event gets
// the first system whose rules match how it arrived; `unassigned` otherwise. Retention periods and
// required event kinds join each entry later (issues 16 and 18).
import { z } from 'zod';
import { SYSTEM_NAME_PATTERN } from '../contracts/systems.ts';
import { parseListenAddress } from './address.ts';
import { parsePeerRange } from './peer-range.ts';
import { isTimeZone } from './timezone.ts';

/** Names the server gives itself: no inventory entry may take them. */
export const RESERVED_SYSTEM_NAMES = ['unassigned', 'logwarden'] as const;

export const timeZone = z.string().refine(isTimeZone, { message: 'expected an IANA time zone such as UTC, Europe/Berlin or America/New_York' });

const nonEmptyList = (item: z.ZodString) => z.array(item).min(1, 'expected at least one entry, or leave the key out');

const systemMatch = z
  .object({
    /** API token names or TLS client certificate subjects (logwarden.source.identity), exactly. */
    identity: nonEmptyList(z.string().min(1)).optional(),
    /** Host name globs (`*` any run, `?` one character), case-insensitive, on host.name. */
    host: nonEmptyList(z.string().min(1)).optional(),
    /** Application names (syslog APP-NAME / TAG, or service.name), case-insensitive. */
    app: nonEmptyList(z.string().min(1)).optional(),
    /** Sender address ranges in CIDR form (or single addresses), on the peer's address. */
    peer: nonEmptyList(z.string().refine((text) => parsePeerRange(text) !== undefined, { message: 'expected an address range such as 10.0.0.0/8 or 2001:db8::/32, or one address' })).optional(),
    /** Listeners as HOST:PORT, as the listener reports it (logwarden.source.listener; IPv6 in brackets). */
    listener: nonEmptyList(z.string().refine((text) => parseListenAddress(text) !== undefined, { message: 'expected HOST:PORT' })).optional(),
  })
  .strict();

export const systemSchema = z
  .object({
    name: z.string().regex(SYSTEM_NAME_PATTERN, 'expected a system name of lower-case letters, digits, ".", "_" or "-" (at most 63), starting with a letter or digit'),
    owner: z.string().min(1, 'expected the person or team accountable for the system'),
    description: z.string().default(''),
    match: systemMatch.prefault({}),
    /** Zone of timestamps that carry none (RFC 3164) from this system's senders. */
    timezone: timeZone.optional(),
  })
  .strict();

export const systemsSchema = z
  .array(systemSchema)
  .default([])
  .superRefine((systems, ctx) => {
    const seen = new Set<string>();
    systems.forEach((system, index) => {
      if ((RESERVED_SYSTEM_NAMES as readonly string[]).includes(system.name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `"${system.name}" is reserved for the server's own use` });
      if (seen.has(system.name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `system "${system.name}" is listed twice` });
      seen.add(system.name);
    });
  });

export type SystemConfig = z.output<typeof systemSchema>;
