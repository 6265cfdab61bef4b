// IBM QRadar Log Event Extended Format (docs/parsers.md, "LEEF"): `LEEF:1.0|Vendor|Product|Version|
// EventID|attributes` with tab-separated key=value attributes, or `LEEF:2.0|…|EventID|Delimiter|
// attributes` where the delimiter is one character or its code in hex (`x09`, `0x5E`). The header
// gives observer.vendor/product and event.code; the predefined attributes (src, dst, srcPort,
// usrName, sev, proto, …) fill the ECS fields they mean. devTime is not applied: @timestamp is the
// normaliser's.
import type { LogEvent } from '../schema/event.ts';
import { FITS } from './app-log-keys.ts';
import { splitHeader } from './cef.ts';
import { cefExtension, readKeyValues, type KeyValue } from './key-values.ts';
import type { ParseInput, Parsed, Parser } from './parser.ts';

const PREFIX = /^LEEF:(?<version>[12]\.0)\|/;
/** Where a relay's syslog header ends and LEEF begins, as for CEF: only right after such a header. */
const RELAYED = /^(?:<\d{1,3}>)?(?:[A-Z][a-z]{2} [ \d]\d (?:\d{4} )?\d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT[\d:.]{8,18}(?:Z|[+-]\d\d:?\d\d)?) [^ ]+ $/;

export function leefStart(message: string): number {
  if (message.startsWith('LEEF:')) return PREFIX.test(message) ? 0 : -1;
  const at = message.indexOf('LEEF:');
  if (at <= 0 || at > 160 || !PREFIX.test(message.slice(at, at + 9))) return -1;
  return RELAYED.test(message.slice(0, at)) ? at : -1;
}

/** LEEF 2.0's delimiter field: one character, or `x`/`0x` and 1–4 hex digits; empty means a tab. */
export function leefDelimiter(field: string): string | undefined {
  if (field === '') return '\t';
  const hex = /^(?:0x|x)([0-9A-Fa-f]{1,4})$/i.exec(field);
  if (hex) return String.fromCharCode(parseInt(hex[1] as string, 16));
  return [...field].length === 1 ? field : undefined;
}

const PROTOCOLS: Readonly<Record<string, string>> = { '1': 'icmp', '6': 'tcp', '17': 'udp', '58': 'ipv6-icmp' };
const severity = (value: string): string | undefined => (/^(?:[0-9]|10)$/.test(value) ? value : undefined);
const transport = (value: string): string | undefined => PROTOCOLS[value] ?? FITS.lower(value);

/** Attribute → ECS field and how its value must look; the first attribute given for a field wins. */
const ATTRIBUTES: ReadonlyArray<readonly [string, string, (value: string) => string | undefined]> = [
  ['src', 'source.ip', FITS.ip],
  ['identSrc', 'source.ip', FITS.ip],
  ['srcPort', 'source.port', FITS.port],
  ['dst', 'destination.ip', FITS.ip],
  ['dstPort', 'destination.port', FITS.port],
  ['usrName', 'user.name', FITS.text],
  ['accountName', 'user.name', FITS.text],
  ['identUserName', 'user.name', FITS.text],
  ['domain', 'user.domain', FITS.text],
  ['identGrp', 'group.name', FITS.text],
  ['proto', 'network.transport', transport],
  ['sev', 'event.severity', severity],
  ['url', 'url.original', FITS.text],
  ['policy', 'rule.name', FITS.text],
  ['action', 'event.action', FITS.action],
  ['userAgent', 'user_agent.original', FITS.text],
  ['method', 'http.request.method', FITS.method],
];

/** The ECS fields of LEEF attributes. */
export function leefAttributeFields(attributes: ReadonlyMap<string, string>): LogEvent {
  const fields: LogEvent = {};
  for (const [key, name, fit] of ATTRIBUTES) {
    const value = attributes.get(key);
    if (value === undefined || name in fields) continue;
    const fitted = fit(value.trim());
    if (fitted !== undefined) fields[name] = fitted;
  }
  if (attributes.get('isLoginEvent')?.toLowerCase() === 'true') Object.assign(fields, { 'event.category': ['authentication', 'session'], 'event.type': ['start'] });
  else if (attributes.get('isLogoutEvent')?.toLowerCase() === 'true') Object.assign(fields, { 'event.category': ['authentication', 'session'], 'event.type': ['end'] });
  return fields;
}

/**
 * The attributes after the header, split on the delimiter. A tab-delimited line with no tab went
 * through a relay: rsyslog writes a tab as `#011` (EscapeControlCharactersOnReceive, on by default);
 * others turn tabs into spaces, and that line is read CEF-style.
 */
function readAttributes(text: string, delimiter: string): KeyValue[] {
  if (delimiter === '\t' && !text.includes('\t')) {
    if (!text.includes('#011')) return cefExtension(text);
    return readKeyValues(text.replaceAll('#011', '\t'), { separator: '\t', doubleQuotes: false }) ?? [];
  }
  return readKeyValues(text, { separator: delimiter, doubleQuotes: false }) ?? [];
}

/** The text after `LEEF:`; as for CEF, a relay may have made `LEEF:` the tag and `1.0|…` the message. */
function leefBody(input: ParseInput): string | undefined {
  if (input.program === 'leef' && /^[12]\.0\|/.test(input.message)) return input.message;
  const start = leefStart(input.message);
  return start < 0 ? undefined : input.message.slice(start + 5);
}

function parse(input: ParseInput): Parsed | undefined {
  const text = leefBody(input);
  if (text === undefined) return undefined;
  const v2 = text.startsWith('2.0|');
  const header = splitHeader(text, v2 ? 6 : 5);
  if (header === undefined) return undefined;
  const [, vendor, product, , eventId, delimiterField] = header.fields as [string, string, string, string, string, string | undefined];
  const delimiter = v2 ? leefDelimiter(delimiterField ?? '') : '\t';
  if (delimiter === undefined) return undefined;
  const attributes = new Map<string, string>();
  for (const pair of readAttributes(header.rest, delimiter)) if (!attributes.has(pair.key)) attributes.set(pair.key, pair.value);
  const fields: LogEvent = { 'observer.vendor': vendor, 'observer.product': product, 'event.code': eventId, ...leefAttributeFields(attributes) };
  return { rule: v2 ? 'leef-2' : 'leef-1', fields };
}

export const LEEF_PARSERS: readonly Parser[] = [
  {
    name: 'leef',
    description: 'IBM Log Event Extended Format 1.0 and 2.0 (LEEF:…|), at the start of the message or after a relayed syslog header',
    module: 'leef',
    programs: ['leef'],
    detect: ({ message }) => message.includes('LEEF:'),
    parse,
  },
];
