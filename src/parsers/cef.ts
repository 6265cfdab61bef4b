// ArcSight Common Event Format (docs/parsers.md, "CEF"): `CEF:0|Vendor|Product|Version|SignatureID|
// Name|Severity|Extension`, found at the start of the message or after a syslog-like header a relay
// left inside it. Header fields escape `\|` and `\\`; the extension is CEF's own key=value text
// (key-values.ts cefExtension). The header gives observer.vendor/product, event.code and
// event.severity; Name goes to event.reason (the message itself is never changed); the extension's
// standard keys fill the ECS fields they mean. Times (rt, end) are not applied: @timestamp is the
// normaliser's.
import type { LogEvent } from '../schema/event.ts';
import { FITS } from './app-log-keys.ts';
import { cefExtension } from './key-values.ts';
import type { ParseInput, Parsed, Parser } from './parser.ts';

/** A syslog header a relay left before `CEF:` (RFC 3164 or RFC 3339 time, a host, perhaps a tag). */
const RELAYED_HEADER = /^(?:<\d{1,3}>)?(?:1 )?(?:[A-Z][a-z]{2} [ \d]\d (?:\d{4} )?\d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?) [^ ]+ (?:[^ ]+: )?$/;

/** Where the CEF record starts in `message`, or -1. */
export function cefStart(message: string): number {
  if (/^CEF:\d{1,2}\|/.test(message)) return 0;
  const at = message.indexOf('CEF:');
  if (at <= 0 || at > 160 || !/^CEF:\d{1,2}\|/.test(message.slice(at, at + 8))) return -1;
  return RELAYED_HEADER.test(message.slice(0, at)) ? at : -1;
}

/** The header's `count` pipe-separated fields (`\|` and `\\` unescaped) and the text after them; undefined when there are fewer. */
export function splitHeader(text: string, count: number): { fields: string[]; rest: string } | undefined {
  let end = -1;
  for (let n = 0; n < count; n++) {
    end = text.indexOf('|', end + 1);
    if (end < 0) return undefined;
  }
  if (!text.slice(0, end).includes('\\')) return { fields: text.slice(0, end).split('|'), rest: text.slice(end + 1) }; // no escapes: the common case
  return splitEscapedHeader(text, count);
}

function splitEscapedHeader(text: string, count: number): { fields: string[]; rest: string } | undefined {
  const fields: string[] = [];
  let current = '';
  let index = 0;
  while (fields.length < count) {
    if (index >= text.length) return undefined;
    const char = text[index] as string;
    if (char === '\\' && (text[index + 1] === '|' || text[index + 1] === '\\')) {
      current += text[index + 1];
      index += 2;
      continue;
    }
    if (char === '|') {
      fields.push(current);
      current = '';
    } else current += char;
    index++;
  }
  return { fields, rest: text.slice(index) };
}

const SEVERITY_WORDS: Readonly<Record<string, string>> = { low: '3', medium: '6', high: '8', 'very-high': '10', 'very high': '10' };

/** CEF Severity: 0–10, or the words Low, Medium, High, Very-High (read as 3, 6, 8 and 10, the top of each band). */
export function cefSeverity(value: string): string | undefined {
  const word = value.trim().toLowerCase();
  if (/^(?:\d|10)$/.test(word)) return word;
  return SEVERITY_WORDS[word];
}

const DIRECTIONS: Readonly<Record<string, string>> = { '0': 'inbound', '1': 'outbound' };

/** Extension key → ECS field and how its value must look; the first key given for a field wins. */
const EXTENSION: ReadonlyArray<readonly [string, string, (value: string) => string | undefined]> = [
  ['src', 'source.ip', FITS.ip],
  ['spt', 'source.port', FITS.port],
  ['dst', 'destination.ip', FITS.ip],
  ['dpt', 'destination.port', FITS.port],
  ['suser', 'user.name', FITS.text],
  ['duser', 'user.name', FITS.text],
  ['suid', 'user.id', FITS.text],
  ['duid', 'user.id', FITS.text],
  ['sntdom', 'user.domain', FITS.text],
  ['dntdom', 'user.domain', FITS.text],
  ['proto', 'network.transport', FITS.lower],
  ['app', 'network.protocol', FITS.lower],
  ['act', 'event.action', FITS.action],
  ['outcome', 'event.outcome', FITS.outcome],
  ['request', 'url.original', FITS.text],
  ['requestMethod', 'http.request.method', FITS.method],
  ['requestClientApplication', 'user_agent.original', FITS.text],
  ['requestContext', 'http.request.referrer', FITS.text],
  ['filePath', 'file.path', FITS.text],
  ['fname', 'file.path', FITS.path],
  ['sproc', 'process.name', FITS.text],
  ['spid', 'process.pid', FITS.digits],
  ['dproc', 'process.name', FITS.text],
  ['dpid', 'process.pid', FITS.digits],
  ['deviceDirection', 'network.direction', (value) => DIRECTIONS[value]],
  ['deviceInboundInterface', 'observer.ingress.interface.name', FITS.text],
  ['deviceOutboundInterface', 'observer.egress.interface.name', FITS.text],
  ['dvchost', 'observer.hostname', FITS.text],
  ['dvc', 'observer.ip', FITS.ip],
];

/** cs1…cs6 whose label names a rule or policy give rule.name (other custom strings would be labels, which parsers do not set). */
function customRule(extension: ReadonlyMap<string, string>): string | undefined {
  for (let n = 1; n <= 6; n++) {
    const label = extension.get(`cs${n}Label`);
    if (label !== undefined && /^(?:rule|rule ?name|policy|policy ?name|signature)$/i.test(label.trim())) return FITS.text(extension.get(`cs${n}`) ?? '');
  }
  return undefined;
}

/** The ECS fields of a CEF extension. */
export function cefExtensionFields(extension: ReadonlyMap<string, string>): LogEvent {
  const fields: LogEvent = {};
  for (const [key, name, fit] of EXTENSION) {
    const value = extension.get(key);
    if (value === undefined || name in fields) continue;
    const fitted = fit(value);
    if (fitted !== undefined) fields[name] = fitted;
  }
  const suser = extension.get('suser');
  const duser = extension.get('duser');
  if (suser && duser && duser !== suser) fields['user.target.name'] = duser; // the actor acted on another account
  const rule = customRule(extension);
  if (rule !== undefined) fields['rule.name'] = rule;
  return fields;
}

/**
 * The text after `CEF:`. A relay's forwarding template that writes TAG, a space, then MSG (rsyslog's
 * RSYSLOG_ForwardFormat does) turns `CEF:0|…` into the tag `CEF:` and the message `0|…`.
 */
function cefBody(input: ParseInput): string | undefined {
  if (input.program === 'cef' && /^\d{1,2}\|/.test(input.message)) return input.message;
  const start = cefStart(input.message);
  return start < 0 ? undefined : input.message.slice(start + 4);
}

function parse(input: ParseInput): Parsed | undefined {
  const body = cefBody(input);
  if (body === undefined) return undefined;
  const header = splitHeader(body, 7);
  if (header === undefined) return undefined;
  const [, vendor, product, , signature, name, severity] = header.fields as [string, string, string, string, string, string, string];
  const extension = new Map<string, string>();
  for (const pair of cefExtension(header.rest)) if (!extension.has(pair.key)) extension.set(pair.key, pair.value);
  const fields: LogEvent = {
    'observer.vendor': vendor,
    'observer.product': product,
    'event.code': signature,
    'event.reason': name,
    ...cefExtensionFields(extension),
  };
  const numeric = cefSeverity(severity);
  if (numeric !== undefined) fields['event.severity'] = numeric;
  return { rule: 'cef', fields };
}

export const CEF_PARSERS: readonly Parser[] = [
  {
    name: 'cef',
    description: 'ArcSight Common Event Format (CEF:0|…), at the start of the message or after a relayed syslog header',
    module: 'cef',
    programs: ['cef'],
    detect: ({ message }) => message.includes('CEF:'),
    parse,
  },
];
