// Windows Security events beyond the fixtures (R-EVENTS-1, R-COLLECT-2, R-FIELDS-1): the OTLP shape
// of the OpenTelemetry Collector's windowseventlog receiver through the real OTLP/JSON decoder and
// normaliser, and the rules that hold for every shape (the Security log only, unmapped ids left
// alone, a sender's own values kept, every 4625 status in words).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeOtlpJson } from '../codecs/otlp-logs.ts';
import type { LogEvent } from '../schema/event.ts';
import { normaliseJson } from '../transforms/normalise-json.ts';
import { normaliseOtlp } from '../transforms/normalise-otlp.ts';
import { recognise } from './recognise.ts';
import { PARSER_TABLE } from './table.ts';
import { FAILED_LOGON_DATA, winlogbeat } from './windows-security.fixtures.ts';
import { LOGON_FAILURE_REASONS } from './windows-security.ts';

const SOURCE = { protocol: 'otlp-http', listener: '127.0.0.1:4318', peer: '127.0.0.1:40000', identity: 'otel-collector' } as const;
const RECEIVED_AT = Date.UTC(2026, 2, 7, 12, 0, 0);

/** A JS value as an OTLP/JSON AnyValue, as the collector's exporter writes it. */
function anyValue(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  const values = Object.entries(value as Record<string, unknown>).map(([key, inner]) => ({ key, value: anyValue(inner) }));
  return { kvlistValue: { values } };
}

/** The event one windowseventlog record becomes: OTLP/JSON bytes, decoded and normalised as the server does. */
function otlpEvent(body: Record<string, unknown>): LogEvent {
  const request = {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'host.name', value: { stringValue: 'collector-host' } }] },
        scopeLogs: [{ scope: {}, logRecords: [{ timeUnixNano: '1772877600000000000', severityNumber: 9, body: anyValue(body), attributes: [] }] }],
      },
    ],
  };
  const [entry] = decodeOtlpJson(Buffer.from(JSON.stringify(request)));
  assert.ok(entry !== undefined && !('error' in entry));
  return normaliseOtlp(entry.resource, entry.scope, entry.record, { source: SOURCE, receivedAt: RECEIVED_AT });
}

function windowsEventLogBody(eventId: number, eventData: unknown, keywords = ['Audit Success']): Record<string, unknown> {
  return {
    event_id: { id: eventId, qualifiers: 0 },
    provider: { name: 'Microsoft-Windows-Security-Auditing', guid: '{54849625-5478-4994-a5ba-3e3b0328c30d}', event_source: '' },
    system_time: '2026-03-07T10:00:00.0000000Z',
    computer: 'DC1.corp.example',
    channel: 'Security',
    record_id: 99,
    level: 'Information',
    message: 'A Security event.',
    task: 'Logon',
    opcode: 'Info',
    keywords,
    event_data: eventData,
  };
}

describe('windows.security over OTLP (the windowseventlog receiver)', () => {
  it('4740 locked out: the body map is read from the record; the resource host.name stands', () => {
    const event = otlpEvent(windowsEventLogBody(4740, { TargetUserName: 'bob', TargetDomainName: 'WS1', TargetSid: 'S-1-5-21-1-2-3-1106', SubjectUserName: 'DC1$', SubjectDomainName: 'CORP' }));
    const recognition = recognise(event, PARSER_TABLE);
    assert.deepEqual([recognition?.parser, recognition?.rule, recognition?.problems], ['windows.security', 'otlp-4740', []]);
    assert.equal(event['event.code'], '4740');
    assert.equal(event['event.action'], 'account-locked-out');
    assert.deepEqual(event['event.category'], ['iam']);
    assert.equal(event['user.target.name'], 'bob');
    assert.equal(event['user.name'], 'DC1$');
    assert.equal(event['event.reason'], 'account locked out; caller computer WS1');
    assert.equal(event['host.name'], 'collector-host', "the sender's own host.name is never overwritten");
  });

  it('4625 in the older `event_data: {data: [...]}` shape, audit failure from the keywords', () => {
    const data = [{ TargetUserName: 'eve' }, { IpAddress: '198.51.100.3' }, { IpPort: '4444' }, { Status: '0xc0000234' }, { SubStatus: '0x0' }];
    const event = otlpEvent(windowsEventLogBody(4625, { data }, ['Audit Failure']));
    const recognition = recognise(event, PARSER_TABLE);
    assert.equal(recognition?.rule, 'otlp-4625');
    assert.equal(event['event.outcome'], 'failure');
    assert.equal(event['user.name'], 'eve');
    assert.equal(event['source.ip'], '198.51.100.3');
    assert.equal(event['source.port'], 4444);
    assert.equal(event['event.reason'], 'account locked out', 'SubStatus 0x0 defers to Status');
  });

  it('4688 process creation from OTLP: hex pid, executable and command line', () => {
    const event = otlpEvent(
      windowsEventLogBody(4688, { SubjectUserName: 'carol', SubjectDomainName: 'CORP', NewProcessId: '0x10', NewProcessName: 'C:\\Tools\\psexec.exe', CommandLine: 'psexec \\\\dc1 cmd' }),
    );
    assert.equal(recognise(event, PARSER_TABLE)?.rule, 'otlp-4688');
    assert.equal(event['process.pid'], 16);
    assert.equal(event['process.name'], 'psexec.exe');
    assert.equal(event['process.command_line'], 'psexec \\\\dc1 cmd');
  });

  it('an OTLP record of the System channel, or with no event id, is left as it came', () => {
    for (const body of [
      { ...windowsEventLogBody(7036, { param1: 'x' }), channel: 'System', provider: { name: 'Service Control Manager' } },
      { message: 'hello', channel: 'Security' }, // Security, but no event id (and no key the JSON-body parser maps)
    ]) {
      const event = otlpEvent(body);
      const before = structuredClone(event);
      assert.equal(recognise(event, PARSER_TABLE), undefined);
      assert.deepEqual(event, before);
    }
  });
});

describe('windows.security rules for every shape', () => {
  const json = (document: Record<string, unknown>): LogEvent => normaliseJson(document, JSON.stringify(document), { source: { ...SOURCE, protocol: 'http' }, receivedAt: RECEIVED_AT }).event;

  it("a Winlogbeat document's own ECS values win over what the event data says", () => {
    const event = json(
      winlogbeat(4625, FAILED_LOGON_DATA, { user: { name: 'BOB@CORP' }, event: { code: '4625', provider: 'Microsoft-Windows-Security-Auditing', action: 'logon-failed', outcome: 'failure' } }),
    );
    recognise(event, PARSER_TABLE);
    assert.equal(event['user.name'], 'BOB@CORP');
    assert.equal(event['user.domain'], 'CORP', 'fields the sender left out are still filled');
    assert.equal(event['source.ip'], '192.0.2.7');
  });

  it('every 4625 status code in the table is read case-insensitively into its words', () => {
    for (const [code, words] of Object.entries(LOGON_FAILURE_REASONS)) {
      const event = json(winlogbeat(4625, { ...FAILED_LOGON_DATA, Status: '0xC000006D', SubStatus: code.toUpperCase().replace('0X', '0x') }));
      recognise(event, PARSER_TABLE);
      assert.equal(event['event.reason'], words, code);
    }
    const unknown = json(winlogbeat(4625, { ...FAILED_LOGON_DATA, SubStatus: '0xc00000aa' }));
    recognise(unknown, PARSER_TABLE);
    assert.equal(unknown['event.reason'], 'status 0xc00000aa', 'an unknown code is kept as it is');
  });

  it('an audit failure of a management event (4723 password change refused) is a failure', () => {
    const document = winlogbeat(4723, { SubjectUserName: 'bob', TargetUserName: 'bob', TargetDomainName: 'CORP' });
    (document['winlog'] as Record<string, unknown>)['keywords'] = ['Audit Failure'];
    const event = json(document);
    assert.equal(recognise(event, PARSER_TABLE)?.rule, 'winlogbeat-4723');
    assert.equal(event['event.outcome'], 'failure');
    assert.equal(event['event.action'], 'password-changed');
  });

  it('a Security event without a channel is still known by its auditing provider (NXLog with Channel dropped)', () => {
    const event = json({ EventID: 4724, ProviderName: 'Microsoft-Windows-Security-Auditing', SubjectUserName: 'admin', TargetUserName: 'bob' });
    assert.equal(recognise(event, PARSER_TABLE)?.rule, 'nxlog-4724');
    assert.equal(event['event.action'], 'password-reset');
    assert.equal(event['user.target.name'], 'bob');
  });

  it('event data named __proto__ is data like any other, never a prototype', () => {
    const event = json({ EventID: 4720, Channel: 'Security', SubjectUserName: 'admin', TargetUserName: 'mallory', ['__proto__']: 'x' });
    assert.equal(recognise(event, PARSER_TABLE)?.rule, 'nxlog-4720');
    assert.equal(event['user.target.name'], 'mallory');
  });
});
