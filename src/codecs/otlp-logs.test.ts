// The OTLP decoder on hostile nesting: a record nested too deep costs that record only, never the
// request (OTLP clients do not retry a 400, so a whole refused request is lost). R-STORE-1.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportRequest, keyValue, logRecord, nestedKvlist, stringValue } from '../../test/helpers/otlp-protobuf.ts';
import { decodeOtlpJson, decodeOtlpProtobuf, type OtlpEntry } from './otlp-logs.ts';

const bodies = (entries: readonly OtlpEntry[]) => entries.map((entry) => ('error' in entry ? `${entry.reason}` : entry.record.body));

/** OTLP/JSON AnyValue with `levels` kvlists one inside the other. */
function jsonNested(levels: number): unknown {
  let value: unknown = { stringValue: 'leaf' };
  for (let level = 0; level < levels; level++) value = { kvlistValue: { values: [{ key: 'k', value }] } };
  return value;
}

describe('OTLP records nested too deep (R-STORE-1)', () => {
  it('protobuf: a body nested 60 levels rejects that record only, with reason too_deep', () => {
    const body = exportRequest([logRecord({ body: stringValue('before') }), logRecord({ body: nestedKvlist(60, 'deep') }), logRecord({ body: stringValue('after') })]);
    const entries = decodeOtlpProtobuf(body);
    assert.deepEqual(bodies(entries), ['before', 'too_deep', 'after']);
    assert.match((entries[1] as { error: string }).error, /^logRecords\[1\]: .*nested deeper than 32/);
  });

  it('protobuf: an attribute nested 1,000 levels rejects that record only', () => {
    const body = exportRequest([logRecord({ body: stringValue('kept') }), logRecord({ body: stringValue('x'), attributes: [keyValue('deep', nestedKvlist(1000, 'deep'))] })]);
    assert.deepEqual(bodies(decodeOtlpProtobuf(body)), ['kept', 'too_deep']);
  });

  it('protobuf: resource attributes nested too deep reject the records of that resource, not the request', () => {
    const body = exportRequest([logRecord({ body: stringValue('a') }), logRecord({ body: stringValue('b') })], [keyValue('deep', nestedKvlist(60, 'x'))]);
    assert.deepEqual(bodies(decodeOtlpProtobuf(body)), ['too_deep', 'too_deep']);
  });

  it('protobuf: nesting within the limit is decoded', () => {
    const entries = decodeOtlpProtobuf(exportRequest([logRecord({ body: nestedKvlist(10, 'leaf') })]));
    let value = (entries[0] as { record: { body: unknown } }).record.body;
    for (let level = 0; level < 10; level++) value = (value as Record<string, unknown>)['k'];
    assert.equal(value, 'leaf');
  });

  it('OTLP/JSON: a body or resource attribute nested 60 levels rejects only the records it belongs to', () => {
    const request = {
      resourceLogs: [
        { scopeLogs: [{ logRecords: [{ body: { stringValue: 'before' } }, { body: jsonNested(60) }, { body: { stringValue: 'after' } }] }] },
        { resource: { attributes: [{ key: 'deep', value: jsonNested(60) }] }, scopeLogs: [{ logRecords: [{ body: { stringValue: 'lost' } }] }] },
      ],
    };
    assert.deepEqual(bodies(decodeOtlpJson(Buffer.from(JSON.stringify(request)))), ['before', 'too_deep', 'after', 'too_deep']);
  });
});
