// logfmt application lines (docs/parsers.md, "logfmt"): `level=info ts=… msg="user logged in"
// user=alice src_ip=192.0.2.7`. Claimed only when the WHOLE message is at least two key=value pairs
// with identifier keys and well-closed quotes (so prose with an `=` in it is not), and only when one
// of its keys maps to a field the event lacks (app-log-keys.ts, shared with JSON bodies). Last in the
// table: key=value text is the commonest shape of all.
import { appLogFields } from './app-log-keys.ts';
import { readAuditRecord } from './auditd.ts';
import { readKeyValues } from './key-values.ts';
import type { ParseInput, Parsed, Parser } from './parser.ts';

const KEY = /^[A-Za-z_][\w.-]{0,63}$/;
/** Longer lines are not read as logfmt: no application writes one, and the bound keeps the cost flat. */
const MAX_LENGTH = 16 * 1024;

/** The cheap test: a letter first, an `=` somewhere, a bounded length. */
export function looksLikeLogfmt(message: string): boolean {
  return message.length >= 3 && message.length <= MAX_LENGTH && /^[A-Za-z_]/.test(message) && message.includes('=');
}

/** The pairs of a logfmt line, or undefined when the line is not wholly logfmt. */
export function readLogfmt(message: string): Array<[string, string]> | undefined {
  const pairs = readKeyValues(message, { strict: true, escapes: true });
  if (pairs === undefined || pairs.length < 2 || pairs.some((pair) => !KEY.test(pair.key))) return undefined;
  return pairs.map((pair) => [pair.key, pair.value]);
}

/** Audit records are pairs too, but they are auditd's (or, for AVC, apparmor's and selinux's): never logfmt. */
function isAuditRecord(input: ParseInput): boolean {
  return (input.message.startsWith('type=') || input.message.startsWith('node=')) && readAuditRecord(input.message, input.program) !== undefined;
}

function parse(input: ParseInput): Parsed | undefined {
  if (!looksLikeLogfmt(input.message) || isAuditRecord(input)) return undefined;
  const pairs = readLogfmt(input.message);
  if (pairs === undefined) return undefined;
  const fields = appLogFields(pairs, input.event);
  return Object.keys(fields).length === 0 ? undefined : { rule: 'logfmt', fields };
}

export const LOGFMT_PARSERS: readonly Parser[] = [
  {
    name: 'logfmt',
    description: 'logfmt application lines (key=value pairs, values bare or double-quoted), common keys mapped to ECS',
    module: 'application',
    detect: ({ message }) => looksLikeLogfmt(message),
    parse,
  },
];
