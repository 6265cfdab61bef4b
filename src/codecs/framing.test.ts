import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SyslogFramer, isBadFrame, type Frame } from './framing.ts';

type Shown = { text: string; truncated: boolean } | { error: string; text: string; detail: string };

/** Frames as comparable values (bytes as latin1 text, so any byte shows up verbatim). */
function show(frames: readonly Frame[]): Shown[] {
  return frames.map((f) => (isBadFrame(f) ? { error: f.error, text: f.bytes.toString('latin1'), detail: f.detail } : { text: f.bytes.toString('latin1'), truncated: f.truncated }));
}

/** Push all chunks, then end the stream; returns every frame. */
function run(chunks: readonly (Buffer | string)[], maxFrameBytes = 1024): Frame[] {
  const framer = new SyslogFramer({ maxFrameBytes });
  const frames = chunks.flatMap((chunk) => framer.push(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk));
  return [...frames, ...framer.end()];
}

function ok(text: string): Shown {
  return { text, truncated: false };
}

function cut(text: string): Shown {
  return { text, truncated: true };
}

/** Strip details so tests can compare bad frames by bytes, checking details separately. */
function withoutDetail(shown: Shown[]): unknown[] {
  return shown.map((s) => ('error' in s ? { error: s.error, text: s.text } : s));
}

/** Every way to split `stream` in two, and one byte per chunk. */
function splits(stream: string): string[][] {
  const out: string[][] = [[...stream]];
  for (let i = 0; i <= stream.length; i++) out.push([stream.slice(0, i), stream.slice(i)]);
  return out;
}

function chunkAt(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

describe('SyslogFramer: non-transparent (LF) framing', () => {
  it('detects newline framing from "<" and splits on LF', () => {
    const framer = new SyslogFramer({ maxFrameBytes: 100 });
    assert.equal(framer.mode, 'undetected');
    assert.deepEqual(show(framer.push(Buffer.from('<13>a\n<14>b\n'))), [ok('<13>a'), ok('<14>b')]);
    assert.equal(framer.mode, 'non-transparent');
  });

  it('yields the same frames however the stream is split', () => {
    const stream = '<13>first\n<14>second message\r\n<15>x\n\n<16>last';
    const expected = [ok('<13>first'), ok('<14>second message'), ok('<15>x'), ok('<16>last')];
    for (const chunks of splits(stream)) assert.deepEqual(show(run(chunks)), expected, JSON.stringify(chunks));
  });

  it('strips the CR of CRLF only, keeps other CRs and NULs', () => {
    assert.deepEqual(show(run(['<13>a\rb\r\n<13>c\0\n'])), [ok('<13>a\rb'), ok('<13>c\0')]);
  });

  it('drops blank lines', () => {
    assert.deepEqual(show(run(['\n\r\n<13>a\n\n'])), [ok('<13>a')]);
  });

  it('flushes an unterminated last line at end()', () => {
    const framer = new SyslogFramer({ maxFrameBytes: 100 });
    assert.deepEqual(framer.push(Buffer.from('<13>no newline')), []);
    assert.deepEqual(show(framer.end()), [ok('<13>no newline')]);
  });

  it('uses newline framing for any other first byte', () => {
    assert.deepEqual(show(run(['hello\n'])), [ok('hello')]);
  });

  it('truncates a long line at maxFrameBytes and skips the rest of it', () => {
    assert.deepEqual(show(run(['<13>abcdefgh\n<13>x\n'], 8)), [cut('<13>abcd'), ok('<13>x')]);
  });

  it('emits the truncated frame as soon as the limit is passed, before the LF', () => {
    const framer = new SyslogFramer({ maxFrameBytes: 4 });
    assert.deepEqual(show(framer.push(Buffer.from('<13>abc'))), [cut('<13>')]);
    assert.deepEqual(framer.push(Buffer.alloc(100_000, 0x61)), []);
    assert.deepEqual(show(framer.push(Buffer.from('def\n<1>z\n'))), [ok('<1>z')]);
    assert.deepEqual(framer.end(), []);
  });

  it('does not count the CR of CRLF against the limit', () => {
    for (const chunks of splits('<13>abcd\r\n<13>abcde\r\n')) {
      assert.deepEqual(show(run(chunks, 8)), [ok('<13>abcd'), cut('<13>abcd')], JSON.stringify(chunks));
    }
    assert.deepEqual(show(run(['<13>abcd\rX\n'], 8)), [cut('<13>abcd')]);
    assert.deepEqual(show(run(['<13>abcd\r'], 8)), [ok('<13>abcd')]);
  });

  it('accepts a line of exactly maxFrameBytes', () => {
    assert.deepEqual(show(run(['<13>abcd\n'], 8)), [ok('<13>abcd')]);
  });
});

describe('SyslogFramer: octet counting', () => {
  it('detects octet counting from a digit', () => {
    const framer = new SyslogFramer({ maxFrameBytes: 100 });
    assert.deepEqual(show(framer.push(Buffer.from('5 <1>ab'))), [ok('<1>ab')]);
    assert.equal(framer.mode, 'octet-counting');
  });

  it('keeps embedded newlines and yields the same frames however the stream is split', () => {
    const stream = '11 <13>a\nb\r\nc\n7 <14>xyz11 <15>0123456';
    const expected = [ok('<13>a\nb\r\nc\n'), ok('<14>xyz'), ok('<15>0123456')];
    for (const chunks of splits(stream)) assert.deepEqual(show(run(chunks)), expected, JSON.stringify(chunks));
  });

  it('handles mixed sizes, including multi-digit lengths', () => {
    const messages = ['<1>', `<13>${'x'.repeat(95)}`, `<13>${'y'.repeat(996)}`, '<2>z'];
    const stream = messages.map((m) => `${m.length} ${m}`).join('');
    assert.deepEqual(show(run([stream], 1000)), messages.map(ok));
  });

  it('skips LF and CRLF between frames', () => {
    assert.deepEqual(show(run(['3 <1>\n3 <2>\r\n3 <3>'])), [ok('<1>'), ok('<2>'), ok('<3>')]);
  });

  it('falls back to newline framing when a frame does not start with a digit', () => {
    const framer = new SyslogFramer({ maxFrameBytes: 100 });
    assert.deepEqual(show(framer.push(Buffer.from('3 <1><13>line one\n4 <13>\n'))), [ok('<1>'), ok('<13>line one'), ok('4 <13>')]);
    assert.equal(framer.mode, 'non-transparent');
  });

  it('truncates an oversize frame and skips the rest of its declared bytes', () => {
    for (const chunks of splits('10 01234567894 <1>a')) {
      assert.deepEqual(show(run(chunks, 4)), [cut('0123'), ok('<1>a')], JSON.stringify(chunks));
    }
  });

  it('emits the truncated frame before the rest of a huge declared frame arrives', () => {
    const framer = new SyslogFramer({ maxFrameBytes: 4 });
    assert.deepEqual(show(framer.push(Buffer.from('9999999999 abcdef'))), [cut('abcd')]);
    assert.deepEqual(framer.push(Buffer.alloc(1_000_000)), []);
    assert.deepEqual(framer.end(), []);
  });

  it('accepts a frame of exactly maxFrameBytes', () => {
    assert.deepEqual(show(run(['4 abcd'], 4)), [ok('abcd')]);
  });

  describe('hostile lengths', () => {
    it('reports more than 10 digits as bad_frame and resynchronises at the next LF', () => {
      const frames = show(run(['99999999999999999999 x\n<13>ok\n']));
      assert.deepEqual(withoutDetail(frames), [{ error: 'bad_frame', text: '99999999999999999999 x' }, ok('<13>ok')]);
      assert.match((frames[0] as { detail: string }).detail, /MSG-LEN at stream offset 0 has more than 10 digits.*skipping to the next LF/);
    });

    it('reports MSG-LEN 0', () => {
      const frames = show(run(['0 \n<13>ok\n']));
      assert.deepEqual(withoutDetail(frames), [{ error: 'bad_frame', text: '0 ' }, ok('<13>ok')]);
      assert.match((frames[0] as { detail: string }).detail, /MSG-LEN 0 at stream offset 0 is zero/);
    });

    it('reports a leading zero', () => {
      const frames = show(run(['3 <1>05 hello\n<2>x\n']));
      assert.deepEqual(withoutDetail(frames), [ok('<1>'), { error: 'bad_frame', text: '05 hello' }, ok('<2>x')]);
      assert.match((frames[1] as { detail: string }).detail, /MSG-LEN "05" at stream offset 5 has a leading zero/);
    });

    it('reports digits not followed by SP', () => {
      const frames = show(run(['12x34\n<2>x\n']));
      assert.deepEqual(withoutDetail(frames), [{ error: 'bad_frame', text: '12x34' }, ok('<2>x')]);
      assert.match((frames[0] as { detail: string }).detail, /expected SP after MSG-LEN "12" at stream offset 2, found byte 0x78/);
    });

    it('bounds the bytes a bad frame carries and reports it once', () => {
      const framer = new SyslogFramer({ maxFrameBytes: 16 });
      const first = framer.push(Buffer.from(`${'9'.repeat(1000)}`));
      assert.equal(first.length, 1);
      assert.equal(first[0]?.bytes.length, 16);
      assert.deepEqual(
        framer.push(Buffer.from(`${'9'.repeat(1000)}\n<1>after\n`)).map((f) => f.bytes.toString()),
        ['<1>after'],
      );
    });

    it('reports a bad frame cut off by the end of the stream', () => {
      assert.deepEqual(withoutDetail(show(run(['123456789012']))), [{ error: 'bad_frame', text: '123456789012' }]);
    });
  });

  describe('end()', () => {
    it('reports an incomplete frame with its partial bytes', () => {
      const frames = show(run(['10 <13>ab']));
      assert.deepEqual(withoutDetail(frames), [{ error: 'bad_frame', text: '<13>ab' }]);
      assert.match((frames[0] as { detail: string }).detail, /connection closed after 6 of 10 declared MSG-LEN bytes/);
    });

    it('reports a connection closed inside MSG-LEN', () => {
      const frames = show(run(['3 <1>12']));
      assert.deepEqual(withoutDetail(frames), [ok('<1>'), { error: 'bad_frame', text: '12' }]);
    });

    it('reports nothing for a clean end', () => {
      assert.deepEqual(run(['3 <1>']).length, 1);
      assert.deepEqual(run([]), []);
    });

    it('resets the framer for reuse', () => {
      const framer = new SyslogFramer({ maxFrameBytes: 10 });
      framer.push(Buffer.from('3 <1>'));
      framer.end();
      assert.equal(framer.mode, 'undetected');
      assert.deepEqual(show(framer.push(Buffer.from('<2>a\n'))), [ok('<2>a')]);
    });
  });
});

describe('SyslogFramer: options', () => {
  it('refuses a non-positive or fractional maxFrameBytes', () => {
    assert.throws(() => new SyslogFramer({ maxFrameBytes: 0 }), RangeError);
    assert.throws(() => new SyslogFramer({ maxFrameBytes: 1.5 }), RangeError);
  });
});

describe('SyslogFramer properties', () => {
  const cuts = fc.array(fc.nat(), { maxLength: 12 });

  it('never throws on arbitrary bytes in arbitrary chunks, and never exceeds the limit', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.array(fc.constantFrom(...'0123456789 \n\r<>a'.split('').map((c) => c.charCodeAt(0))), { maxLength: 300 }).map((a) => Uint8Array.from(a)),
    );
    fc.assert(
      fc.property(bytes, cuts, fc.integer({ min: 1, max: 40 }), (raw, points, max) => {
        const frames = run(chunkAt(Buffer.from(raw), points), max);
        for (const frame of frames) {
          assert.ok(frame.bytes.length <= max);
          if (!isBadFrame(frame)) assert.ok(frame.bytes.length > 0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('returns exactly the original messages of a valid octet-counted stream split anywhere', () => {
    const messages = fc.array(fc.uint8Array({ minLength: 1, maxLength: 120 }), { maxLength: 10 });
    fc.assert(
      fc.property(messages, cuts, (msgs, points) => {
        const stream = Buffer.concat(msgs.flatMap((m) => [Buffer.from(`${m.length} `), Buffer.from(m)]));
        const frames = run(chunkAt(stream, points), 120);
        assert.deepEqual(
          frames.map((f) => (isBadFrame(f) ? f : { bytes: [...f.bytes], truncated: f.truncated })),
          msgs.map((m) => ({ bytes: [...m], truncated: false })),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('returns exactly the original lines of a valid LF stream split anywhere', () => {
    const line = fc
      .uint8Array({ minLength: 1, maxLength: 60 })
      .map((a) => Buffer.from(a.map((b) => (b === 0x0a ? 0x20 : b))))
      .filter((b) => b.at(-1) !== 0x0d);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 10 }), cuts, fc.boolean(), (lines, points, crlf) => {
        const body = Buffer.concat(lines.flatMap((l) => [l, Buffer.from(crlf ? '\r\n' : '\n')]));
        const stream = Buffer.concat([Buffer.from('<1>\n'), body]);
        const frames = run(chunkAt(stream, points), 60);
        assert.deepEqual(
          frames.map((f) => (isBadFrame(f) ? f : [...f.bytes])),
          [[...Buffer.from('<1>')], ...lines.map((l) => [...l])],
        );
      }),
      { numRuns: 1000 },
    );
  });
});
