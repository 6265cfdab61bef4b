// JSON application logs carried as a message body (docs/parsers.md, "JSON bodies"): `app[12]:
// {"level":"warn","user":"bob","event":"login_failed","ip":"192.0.2.9"}` over syslog, or a JSON
// sender's `message` that is itself a JSON object. Nested or dotted ECS names (`{"user":{"name":…}}`,
// `{"source.ip":…}`) are taken as those fields; other keys go through the application key table shared
// with logfmt (app-log-keys.ts). Not claimed when nothing maps to a field the event lacks. Bounded:
// at most 64 KiB and the normaliser's nesting depth; fields the server owns are never taken.
import { isIP } from 'node:net';
import { exceedsJsonDepth } from '../codecs/json-depth.ts';
import type { LogEvent } from '../schema/event.ts';
import { fieldByName, type FieldDef } from '../schema/fields.ts';
import { appLogFields, hasValue } from './app-log-keys.ts';
import type { ParseInput, Parsed, Parser } from './parser.ts';

const MAX_BYTES = 64 * 1024;
/** Registry fields a body may not claim: the server's, the syslog header's, and those parsers never set. */
const NOT_FROM_BODY = /^(?:@timestamp|message|labels|event\.(?:original|ingested|sequence|kind)|logwarden\..*|log\.syslog\..*)$/;

export function looksLikeJsonObject(message: string): boolean {
  return message.length >= 2 && message.length <= MAX_BYTES && message.startsWith('{') && message.endsWith('}');
}

/** The object in `message`, or undefined when it is not one JSON object within the bounds. */
export function readJsonObject(message: string): Record<string, unknown> | undefined {
  if (!looksLikeJsonObject(message)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return undefined; // not JSON after all: the line is left as it came
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || exceedsJsonDepth(value)) return undefined;
  return value as Record<string, unknown>;
}

/** Leaves of nested objects under dotted names; arrays are leaves. */
function flatten(object: Record<string, unknown>): Array<[string, unknown]> {
  const leaves: Array<[string, unknown]> = [];
  const stack: Array<[string, Record<string, unknown>]> = [['', object]];
  while (stack.length > 0) {
    const [prefix, current] = stack.pop() as [string, Record<string, unknown>];
    for (const [key, value] of Object.entries(current)) {
      const name = prefix + key;
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) stack.push([`${name}.`, value as Record<string, unknown>]);
      else leaves.push([name, value]);
    }
  }
  return leaves;
}

/** A body value as the registry field holds it, or undefined when it does not fit (then it is not taken). */
function fitted(def: FieldDef, value: unknown): string | readonly string[] | undefined {
  if (def.array) return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && (def.kind !== 'ip' || isIP(item) !== 0)) ? (value as string[]) : undefined;
  const text = typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
  if (text === undefined || text === '') return undefined;
  if (def.kind === 'ip') return isIP(text) !== 0 ? text : undefined;
  if (def.kind === 'int') return /^-?\d{1,15}$/.test(text) ? text : undefined;
  return def.kind === 'keyword' || def.kind === 'text' ? text : undefined;
}

/** The fields a JSON body gives: ECS names first, then the application keys, none the event already has. */
export function jsonBodyFields(object: Record<string, unknown>, event: Readonly<LogEvent>): LogEvent {
  const fields: LogEvent = {};
  const others: Array<[string, string]> = [];
  for (const [name, value] of flatten(object)) {
    const def = fieldByName(name);
    if (def !== undefined) {
      if (NOT_FROM_BODY.test(name) || hasValue(event, name) || name in fields) continue;
      const fit = fitted(def, value);
      if (fit !== undefined) fields[name] = fit;
    } else if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
      others.push([name, String(value)]);
    }
  }
  for (const [name, value] of Object.entries(appLogFields(others, event))) if (!(name in fields)) fields[name] = value;
  return fields;
}

function parse(input: ParseInput): Parsed | undefined {
  const object = readJsonObject(input.message);
  if (object === undefined) return undefined;
  const fields = jsonBodyFields(object, input.event);
  return Object.keys(fields).length === 0 ? undefined : { rule: 'json-object', fields };
}

export const JSON_BODY_PARSERS: readonly Parser[] = [
  {
    name: 'json-body',
    description: 'JSON application logs in the message (a JSON object): ECS names taken as such, common keys mapped as for logfmt',
    module: 'application',
    detect: ({ message }) => looksLikeJsonObject(message),
    parse,
  },
];
