// One received syslog frame → one stored LogEvent (ECS field names, see schema/fields.ts).
//
// Nothing a sender does makes an event disappear here: undecodable bytes, NULs, over-long frames
// and unparseable headers all still produce an event carrying the text as received, with the
// problem recorded in logwarden.parse.error / logwarden.parse.detail. Only one reason fits in
// that field, so the most serious one wins (PROBLEM_PRECEDENCE); the others are appended to its
// detail so nothing is hidden from whoever investigates.

import { isIP } from 'node:net';
import type { BadFrame } from '../codecs/framing.ts';
import { parseSyslog, stripTrailingLineEnding, facilityName, severityName, type SyslogMessage } from '../codecs/syslog.ts';
import { sourceFields, type LogEvent, type RejectReason, type SourceIdentity } from '../schema/event.ts';
import { decodeUtf8 } from '../codecs/utf8.ts';
import { flagEvent } from './parse-flag.ts';
import { markZoneless } from './zoneless.ts';

export interface ReceivedFrame {
  readonly bytes: Buffer;
  /** The framer cut the frame at its size limit. */
  readonly truncated: boolean;
}

export interface NormaliseContext {
  readonly source: SourceIdentity;
  /** When logwarden received the frame (epoch ms). */
  readonly receivedAt: number;
  /** Passed to the parser; zoneless times are marked (zoneless.ts) and read in a zone by the clock check. */
  readonly defaultTimezone?: string;
}

export interface InputProblem {
  readonly reason: RejectReason;
  readonly detail: string;
}

export interface NormaliseResult {
  readonly event: LogEvent;
  /** The problem stored in logwarden.parse.error, for the caller's per-source metrics. */
  readonly reject?: InputProblem;
}

/**
 * Most serious first: a broken frame (the bytes are not a message at all) beats losing the bytes'
 * meaning, which beats odd bytes, lost length, and finally bad syntax.
 */
export const PROBLEM_PRECEDENCE: readonly RejectReason[] = ['bad_frame', 'invalid_utf8', 'nul_byte', 'oversize', 'invalid_syslog'];

/**
 * Normalise a frame. A framer's bad_frame is accepted too, so the bytes it carries are stored
 * (flagged bad_frame, not parsed as syslog since they are not a message) rather than lost.
 */
export function normaliseSyslog(frame: ReceivedFrame | BadFrame, ctx: NormaliseContext): NormaliseResult {
  const isBad = 'error' in frame;
  const truncated = !isBad && frame.truncated;
  const problems: InputProblem[] = isBad ? [{ reason: 'bad_frame', detail: frame.detail }] : [];
  const decoded = decodeUtf8(frame.bytes, truncated);
  if (decoded.invalidAt !== undefined) problems.push(invalidUtf8Problem(frame.bytes, decoded.invalidAt));
  const nulAt = frame.bytes.indexOf(0);
  if (nulAt !== -1) problems.push({ reason: 'nul_byte', detail: `NUL byte at byte offset ${nulAt}; kept verbatim` });
  if (truncated) problems.push(oversizeProblem(frame.bytes.length));

  const text = stripTrailingLineEnding(decoded.text);
  const parsed = isBad ? undefined : parseSyslog(text, { receivedAt: ctx.receivedAt, defaultTimezone: ctx.defaultTimezone });
  if (parsed && !parsed.ok) problems.push({ reason: parsed.reason, detail: parsed.detail });
  const msg = parsed?.ok ? parsed.msg : undefined;
  // What the parser read leniently (no PRI, a bad VERSION, SD faults, a header cut short) is
  // kept as parsed and flagged, so a sender that breaks the format stays visible.
  if (msg?.leniencies) problems.push({ reason: 'invalid_syslog', detail: msg.leniencies.join('; ') });

  const event: LogEvent = {
    // A message without a usable timestamp (NILVALUE, none at all, or a header we could not parse)
    // is stamped with the time we received it: the best available estimate, and always present
    // so time-range queries find the event. (fields.ts points readers to docs/normalisation.md
    // for this rule; keep the two in step.)
    '@timestamp': msg?.timestamp ?? ctx.receivedAt,
    'event.ingested': ctx.receivedAt,
    'event.original': text,
    'event.kind': 'event',
    // On a parse failure the whole text is the message, so nothing the sender wrote is hidden.
    message: msg ? msg.message : text,
    ...sourceFields(ctx.source),
    ...(msg ? syslogFields(msg) : {}),
    ...(msg?.structuredData ? structuredDataFields(msg.structuredData) : {}),
  };
  if (truncated) event['logwarden.truncated'] = true;
  if (decoded.invalidAt !== undefined) event['logwarden.original_base64'] = frame.bytes.toString('base64');

  const reject = primaryProblem(problems);
  if (reject) flagEvent(event, reject.reason, reject.detail);
  const result = withoutUndefined(event);
  // A wall-clock time without a zone was read as UTC: the clock check reads it in the sender's zone.
  if (msg?.timestamp !== undefined && !msg.timestampHadZone) markZoneless(result, { yearInferred: msg.timestampYearInferred === true });
  return reject ? { event: result, reject: { reason: reject.reason, detail: String(event['logwarden.parse.detail']) } } : { event: result };
}

// --- problems ------------------------------------------------------------------------------------

function invalidUtf8Problem(bytes: Buffer, offset: number): InputProblem {
  const byte = `0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')}`;
  return {
    reason: 'invalid_utf8',
    detail: `invalid UTF-8 sequence at byte offset ${offset} (starting with ${byte}); decoded with U+FFFD replacements, raw bytes in logwarden.original_base64`,
  };
}

function oversizeProblem(keptBytes: number): InputProblem {
  return { reason: 'oversize', detail: `the frame reached the size limit and was truncated to its first ${keptBytes} bytes` };
}

// --- field mapping ---------------------------------------------------------------------------

function syslogFields(msg: SyslogMessage): LogEvent {
  const severity = severityName(msg.severity);
  return {
    'log.syslog.facility.code': msg.facility,
    'log.syslog.facility.name': facilityName(msg.facility),
    'log.syslog.severity.code': msg.severity,
    'log.syslog.severity.name': severity,
    'log.syslog.version': msg.version === undefined ? undefined : String(msg.version),
    'log.syslog.appname': msg.appName,
    'log.syslog.procid': msg.procId,
    'log.syslog.msgid': msg.msgId,
    'log.syslog.structured_data': msg.structuredData ? JSON.stringify(msg.structuredData) : undefined,
    'log.level': severity,
    // Not event.severity: syslog's 0–7 runs the other way from most senders' scales, and the
    // field holds the source's own number only where the source has no field of its own for it.
    'host.name': msg.hostname,
    'host.hostname': msg.hostname,
    // APP-NAME names the system or application that sent the event, and the process that did.
    'service.name': msg.appName,
    'process.name': msg.appName,
    'process.pid': numericPid(msg.procId),
  };
}

/** PROCID is free text in RFC 5424; only an all-digit one is a process id. */
function numericPid(procId: string | undefined): number | undefined {
  if (procId === undefined || !/^\d{1,15}$/.test(procId)) return undefined;
  return Number(procId);
}

type ValueCheck = (value: string) => boolean;
const anyText: ValueCheck = (value) => value.length > 0;
const ipAddress: ValueCheck = (value) => isIP(value) !== 0;
const port: ValueCheck = (value) => /^\d{1,5}$/.test(value) && Number(value) <= 65535;

/**
 * Conventional SD-PARAM names (seen across SD-IDs in the wild) that map onto ECS fields. Kept
 * deliberately short: a name only maps when its meaning is unambiguous, and a value only when it
 * fits the field's type (IP fields need an IP address, ports a number). A Map, not an object
 * literal, so a PARAM-NAME like "constructor" cannot hit Object.prototype.
 */
const SD_PARAM_FIELDS = new Map<string, { field: string; check: ValueCheck; numeric?: boolean }>([
  ['user', { field: 'user.name', check: anyText }],
  ['userName', { field: 'user.name', check: anyText }],
  ['userId', { field: 'user.id', check: anyText }],
  ['session', { field: 'session.id', check: anyText }],
  ['sessionId', { field: 'session.id', check: anyText }],
  ['trace', { field: 'trace.id', check: anyText }],
  ['traceId', { field: 'trace.id', check: anyText }],
  ['correlationId', { field: 'trace.id', check: anyText }],
  ['srcIp', { field: 'source.ip', check: ipAddress }],
  ['sourceIp', { field: 'source.ip', check: ipAddress }],
  ['srcPort', { field: 'source.port', check: port, numeric: true }],
  ['sourcePort', { field: 'source.port', check: port, numeric: true }],
  ['dstIp', { field: 'destination.ip', check: ipAddress }],
  ['destinationIp', { field: 'destination.ip', check: ipAddress }],
  ['dstPort', { field: 'destination.port', check: port, numeric: true }],
  ['destinationPort', { field: 'destination.port', check: port, numeric: true }],
]);

/** ECS fields from well-known SD params; the first element/param that supplies a field wins. */
function structuredDataFields(sd: Readonly<Record<string, Readonly<Record<string, string>>>>): LogEvent {
  const fields: LogEvent = {};
  for (const params of Object.values(sd)) {
    for (const [name, value] of Object.entries(params)) {
      const mapping = SD_PARAM_FIELDS.get(name);
      if (!mapping || fields[mapping.field] !== undefined || !mapping.check(value)) continue;
      fields[mapping.field] = mapping.numeric ? Number(value) : value;
    }
  }
  return fields;
}

// --- helpers -----------------------------------------------------------------------------------

function primaryProblem(problems: readonly InputProblem[]): InputProblem | undefined {
  const ranked = [...problems].sort((a, b) => PROBLEM_PRECEDENCE.indexOf(a.reason) - PROBLEM_PRECEDENCE.indexOf(b.reason));
  const [first, ...others] = ranked;
  if (!first || others.length === 0) return first;
  const also = others.map((p) => `${p.reason}: ${p.detail}`).join('; ');
  return { reason: first.reason, detail: `${first.detail} (also ${also})` };
}

/** Unset fields are absent rather than present-but-undefined, so events compare and serialise cleanly. */
function withoutUndefined(event: LogEvent): LogEvent {
  const defined: LogEvent = {};
  for (const key in event) if (event[key] !== undefined) defined[key] = event[key]; // hot path: no entries() arrays
  return defined;
}
