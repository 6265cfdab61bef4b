import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeRelpFrame, encodeRelpResponse, HEADER_MAX_BYTES, RelpParser, SERVER_CLOSE, type RelpFrame } from './relp.ts';

function show(frames: readonly RelpFrame[]): { txnr: number; command: string; data: string }[] {
  return frames.map((f) => ({ txnr: f.txnr, command: f.command, data: f.data.toString('latin1') }));
}

describe('RelpParser', () => {
  it('parses open, syslog and close frames, with and without data', () => {
    const parser = new RelpParser({ maxDataBytes: 1024 });
    const offers = 'relp_version=0\nrelp_software=librelp,1.11.0,http://librelp.adiscon.com\ncommands=syslog';
    const input = `1 open ${offers.length} ${offers}\n2 syslog 11 <13>hello x\n3 close 0\n`;
    const result = parser.push(Buffer.from(input));
    assert.equal(result.error, undefined);
    assert.deepEqual(show(result.frames), [
      { txnr: 1, command: 'open', data: 'relp_version=0\nrelp_software=librelp,1.11.0,http://librelp.adiscon.com\ncommands=syslog' },
      { txnr: 2, command: 'syslog', data: '<13>hello x' },
      { txnr: 3, command: 'close', data: '' },
    ]);
    assert.equal(parser.buffered, 0);
  });

  it('data may hold LF and any byte; DATALEN decides where it ends', () => {
    const data = Buffer.from([0x3c, 0x31, 0x3e, 0x0a, 0x00, 0xff, 0x20, 0x0a]);
    const parser = new RelpParser({ maxDataBytes: 64 });
    const result = parser.push(encodeRelpFrame(9, 'syslog', data));
    assert.deepEqual(result.frames[0]?.data, data);
  });

  it('accepts a frame split at every byte', () => {
    const bytes = Buffer.concat([encodeRelpFrame(1, 'open', 'relp_version=0'), encodeRelpFrame(2, 'syslog', 'a b c'), encodeRelpFrame(3, 'close')]);
    const parser = new RelpParser({ maxDataBytes: 64 });
    const frames: RelpFrame[] = [];
    for (const byte of bytes) {
      const result = parser.push(Buffer.from([byte]));
      assert.equal(result.error, undefined);
      frames.push(...result.frames);
    }
    assert.deepEqual(
      show(frames).map((f) => f.command),
      ['open', 'syslog', 'close'],
    );
    assert.equal(parser.end(), undefined);
  });

  it('reports malformed frames with the TXNR when readable, and keeps the frames before them', () => {
    const cases: [string, number | undefined, RegExp][] = [
      ['x open 0\n', undefined, /transaction number/],
      ['1234567890 open 0\n', undefined, /longer than 9 digits/],
      ['5 sys!log 0\n', 5, /space after the command/],
      ['5 syslog abc\n', 5, /data length/],
      ['5 syslog 1234567890 x\n', 5, /longer than 9 digits/],
      ['5 syslog 999999999 x', 5, /exceeds the limit/],
      ['5 syslog 3 abcd\n', 5, /LF trailer/],
      ['5 syslog 0 x\n', 5, /LF trailer/],
      [`5 ${'a'.repeat(40)} 0\n`, 5, /command longer/],
      ['5  syslog 0\n', 5, /expected a command/],
    ];
    for (const [bad, txnr, detail] of cases) {
      const parser = new RelpParser({ maxDataBytes: 100 });
      const result = parser.push(Buffer.concat([encodeRelpFrame(1, 'syslog', 'ok'), Buffer.from(bad)]));
      assert.deepEqual(show(result.frames), [{ txnr: 1, command: 'syslog', data: 'ok' }], bad);
      assert.ok(result.error, bad);
      assert.equal(result.error.txnr, txnr, bad);
      assert.match(result.error.detail, detail, bad);
      // failed for good
      assert.deepEqual(parser.push(encodeRelpFrame(2, 'syslog', 'later')).frames, []);
    }
  });

  it('a stream that ends inside a frame is an error', () => {
    const parser = new RelpParser({ maxDataBytes: 100 });
    parser.push(Buffer.from('1 syslog 10 abc'));
    assert.match(parser.end()?.detail ?? '', /ended inside a frame/);
  });

  it('encodes responses and serverclose', () => {
    assert.equal(encodeRelpResponse(7, 200, 'OK').toString(), '7 rsp 6 200 OK\n');
    assert.equal(encodeRelpResponse(1, 200, 'OK', 'commands=syslog').toString(), '1 rsp 22 200 OK\ncommands=syslog\n');
    assert.equal(SERVER_CLOSE.toString(), '0 serverclose 0\n');
  });

  it('fuzz: encoded frames round-trip under any chunking', () => {
    const frameArb = fc.record({
      txnr: fc.integer({ min: 0, max: 999_999_999 }),
      command: fc.constantFrom('open', 'syslog', 'close', 'rsp', 'x_1'),
      data: fc.uint8Array({ maxLength: 200 }),
    });
    fc.assert(
      fc.property(fc.array(frameArb, { maxLength: 10 }), fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }), (frames, cuts) => {
        const bytes = Buffer.concat(frames.map((f) => encodeRelpFrame(f.txnr, f.command, Buffer.from(f.data))));
        const parser = new RelpParser({ maxDataBytes: 200 });
        const out: RelpFrame[] = [];
        let offset = 0;
        let i = 0;
        while (offset < bytes.length) {
          const size = cuts[i++ % cuts.length] as number;
          const result = parser.push(bytes.subarray(offset, offset + size));
          assert.equal(result.error, undefined);
          out.push(...result.frames);
          offset += size;
        }
        assert.equal(parser.end(), undefined);
        assert.deepEqual(
          out.map((f) => ({ txnr: f.txnr, command: f.command, data: [...f.data] })),
          frames.map((f) => ({ txnr: f.txnr, command: f.command, data: [...f.data] })),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('fuzz: hostile bytes never throw and never buffer beyond the bound', () => {
    const maxDataBytes = 64;
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.uint8Array({ maxLength: 100 }), fc.constantFrom(...['1 syslog ', '999999999', ' ', '\n', '12 open 3 abc\n'].map((t) => Uint8Array.from(Buffer.from(t))))), {
          maxLength: 30,
        }),
        (chunks) => {
          const parser = new RelpParser({ maxDataBytes });
          for (const chunk of chunks) {
            const result = parser.push(Buffer.from(chunk));
            for (const frame of result.frames) assert.ok(frame.data.length <= maxDataBytes);
            assert.ok(parser.buffered <= HEADER_MAX_BYTES + maxDataBytes + 1, `buffered ${parser.buffered}`);
          }
          parser.end();
        },
      ),
      { numRuns: 500 },
    );
  });
});
