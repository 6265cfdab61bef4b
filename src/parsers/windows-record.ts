// The three shapes a Windows event arrives in, read into one record: the event id, channel,
// provider, computer, whether the audit failed, and the event's named data (EventData, and
// UserData for 1102). Pure; windows-security.ts maps records to ECS fields.
//   - Winlogbeat (ECS): `event.code` is a stored field; `winlog.*` become labels as normalise-json.ts
//     flattens them: `winlog.event_id`, `winlog.channel`, `winlog.provider_name`,
//     `winlog.computer_name`, `winlog.keywords`, `winlog.event_data.TargetUserName`, `winlog.user_data.*`.
//   - NXLog (im_msvistalog with to_json()): flat keys, all labels: `EventID`, `Channel`,
//     `SourceName`/`ProviderName`, `Hostname`, `EventType` (AUDIT_SUCCESS/AUDIT_FAILURE) and the
//     event's data by name (`TargetUserName`, `IpAddress`, …).
//   - OTLP from the OpenTelemetry Collector's windowseventlog receiver: the log record's body is a
//     map (so the message is its JSON) with `event_id: {id, qualifiers}`, `provider: {name}`,
//     `channel`, `computer`, `keywords` and `event_data` (a map of name to value; older receivers
//     sent `event_data: {data: [{Name: value}, …]}`).
import type { ParseInput } from './parser.ts';

export interface WindowsRecord {
  readonly shape: 'winlogbeat' | 'nxlog' | 'otlp';
  /** Decimal event id, e.g. '4625'. */
  readonly eventId: string;
  readonly channel: string | undefined;
  readonly provider: string | undefined;
  readonly computer: string | undefined;
  /** The audit failed (keywords `Audit Failure`, NXLog `AUDIT_FAILURE`); undefined when not said. */
  readonly auditFailure: boolean | undefined;
  /** The event's named data values, as strings. */
  readonly data: Readonly<Record<string, string>>;
}

const EVENT_ID = /^\d{1,5}$/;

/** A cheap test before any record is read: the keys one of the three shapes always has. */
export function mayBeWindowsEvent(input: ParseInput): boolean {
  const labels = input.event['labels'] as Readonly<Record<string, string>> | undefined;
  if (labels !== undefined && (labels['winlog.channel'] !== undefined || labels['winlog.event_id'] !== undefined || labels['EventID'] !== undefined)) return true;
  return input.message.startsWith('{') && input.message.includes('"event_id"') && input.message.length <= 262_144;
}

export function windowsRecord(input: ParseInput): WindowsRecord | undefined {
  const labels = (input.event['labels'] as Readonly<Record<string, string>> | undefined) ?? {};
  if (labels['winlog.channel'] !== undefined || labels['winlog.event_id'] !== undefined) return winlogbeatRecord(input, labels);
  if (labels['EventID'] !== undefined) return nxlogRecord(labels);
  if (input.message.startsWith('{')) return otlpRecord(input.message);
  return undefined;
}

function winlogbeatRecord(input: ParseInput, labels: Readonly<Record<string, string>>): WindowsRecord | undefined {
  const code = input.event['event.code'];
  const eventId = labels['winlog.event_id'] ?? (typeof code === 'string' ? code : undefined);
  if (eventId === undefined || !EVENT_ID.test(eventId)) return undefined;
  const data = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith('winlog.event_data.')) data[key.slice('winlog.event_data.'.length)] = value;
    else if (key.startsWith('winlog.user_data.')) data[key.slice('winlog.user_data.'.length)] ??= value;
  }
  const keywords = labels['winlog.keywords'];
  return {
    shape: 'winlogbeat',
    eventId,
    channel: labels['winlog.channel'],
    provider: labels['winlog.provider_name'] ?? labels['event.provider'],
    computer: labels['winlog.computer_name'],
    auditFailure: keywords === undefined ? undefined : keywords.includes('Audit Failure'),
    data,
  };
}

function nxlogRecord(labels: Readonly<Record<string, string>>): WindowsRecord | undefined {
  const eventId = labels['EventID'];
  if (eventId === undefined || !EVENT_ID.test(eventId)) return undefined;
  const type = labels['EventType'];
  return {
    shape: 'nxlog',
    eventId,
    channel: labels['Channel'],
    provider: labels['ProviderName'] ?? labels['SourceName'],
    computer: labels['Hostname'],
    auditFailure: type === undefined ? undefined : type === 'AUDIT_FAILURE',
    data: labels,
  };
}

function otlpRecord(message: string): WindowsRecord | undefined {
  let body: unknown;
  try {
    body = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (!isObject(body)) return undefined;
  const idValue = isObject(body['event_id']) ? body['event_id']['id'] : body['event_id'];
  const eventId = typeof idValue === 'number' || typeof idValue === 'string' ? String(idValue) : '';
  if (!EVENT_ID.test(eventId)) return undefined;
  const keywords = body['keywords'];
  return {
    shape: 'otlp',
    eventId,
    channel: stringOf(body['channel']),
    provider: isObject(body['provider']) ? stringOf(body['provider']['name']) : stringOf(body['provider']),
    computer: stringOf(body['computer']),
    auditFailure: Array.isArray(keywords) ? keywords.includes('Audit Failure') : undefined,
    data: otlpData(body['event_data']),
  };
}

/** `{Name: value}`, or the older `{data: [{Name: value}]}` / `[{name, value}]` lists. */
function otlpData(eventData: unknown): Record<string, string> {
  const data = Object.create(null) as Record<string, string>;
  const list = Array.isArray(eventData) ? eventData : isObject(eventData) && Array.isArray(eventData['data']) ? eventData['data'] : undefined;
  if (list === undefined) {
    if (isObject(eventData)) for (const [key, value] of Object.entries(eventData)) addValue(data, key, value);
    return data;
  }
  for (const item of list as unknown[]) {
    if (!isObject(item)) continue;
    if (typeof item['name'] === 'string' && 'value' in item) addValue(data, item['name'], item['value']);
    else for (const [key, value] of Object.entries(item)) addValue(data, key, value);
  }
  return data;
}

function addValue(data: Record<string, string>, key: string, value: unknown): void {
  if (typeof value === 'string') data[key] = value;
  else if (typeof value === 'number' || typeof value === 'boolean') data[key] = String(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
