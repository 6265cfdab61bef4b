// What the AppArmor and SELinux parsers share: the audit record header both kinds of line start with
// (the kernel's "audit: type=1400 audit(SECONDS.MILLIS:SERIAL): " or auditd's "type=AVC
// msg=audit(…): "), the record's key=value words, and the process the record is about.
import type { LogEvent } from '../schema/event.ts';

/** The optional kernel timestamp and the audit header, up to the record's body. */
export const AUDIT_HEADER = String.raw`(?:\[ *\d+\.\d+\] )?(?:audit: )?type=(?<type>[A-Z0-9_]+) (?:msg=)?audit\((?<stamp>\d+\.\d+):(?<serial>\d+)\): `;

// A key starts after a non-key character and a quoted value is bounded, so a hostile line of letters
// or of unclosed quotes costs linear time, not a scan to the end from every position.
const WORD = /(?<![a-z_])([a-z_]+)=("[^"]{0,1024}"|[^ ]+)/g;
/** Values the kernel prints with audit_log_untrustedstring: quoted, or hex when they hold a space, quote or control byte. */
const UNTRUSTED = new Set(['name', 'comm', 'profile', 'path', 'exe', 'target', 'peer', 'info']);

/** The record's key=value words, first value of a key kept, quotes taken off and hex values decoded. */
export function auditWords(body: string): Map<string, string> {
  const words = new Map<string, string>();
  // exec on the one global pattern rather than matchAll: no iterator and no copy of the pattern per
  // record. WORD never matches empty text, so lastIndex always moves on.
  WORD.lastIndex = 0;
  for (let match = WORD.exec(body); match !== null; match = WORD.exec(body)) {
    const [, key, raw] = match;
    if (key === undefined || raw === undefined || words.has(key)) continue;
    if (raw.startsWith('"')) words.set(key, raw.slice(1, -1));
    else words.set(key, UNTRUSTED.has(key) && /^(?:[0-9A-F]{2})+$/.test(raw) ? Buffer.from(raw, 'hex').toString('utf8') : raw);
  }
  return words;
}

/**
 * process.name and process.pid of the process the record is about (comm=, pid=). On a syslog line
 * from the kernel they replace the header's `kernel` (recognise.ts lets a parser replace the
 * header's process), so the denied process is what process.* names.
 */
export function subjectProcess(comm: string | undefined, pid: string | undefined): LogEvent {
  return { 'process.name': comm, 'process.pid': pid };
}
