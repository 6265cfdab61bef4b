// `rules import DIR` sends a large checkout in bounded requests, every file exactly once, and the
// correlation files after the rules they refer to.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { chunkRuleFiles, isCorrelationFile } from './rule-chunks.ts';

const rule = (name: string, size = 10): { path: string; text: string } => ({ path: `${name}.yml`, text: `title: ${name}\n${'x'.repeat(size)}` });
const correlation = (name: string): { path: string; text: string } => ({ path: `${name}.yml`, text: `title: ${name}\ncorrelation:\n  type: event_count\n` });

describe('chunkRuleFiles', () => {
  it('splits by file count and by bytes, in order, correlations last', () => {
    const files = [correlation('c1'), rule('a'), rule('b'), rule('d'), correlation('c2'), rule('e')];
    const chunks = chunkRuleFiles(files, { maxFiles: 2, maxBytes: 1_000_000 });
    assert.deepEqual(
      chunks.map((chunk) => chunk.map((file) => file.path)),
      [
        ['a.yml', 'b.yml'],
        ['d.yml', 'e.yml'],
        ['c1.yml', 'c2.yml'],
      ],
    );
  });

  it('a file larger than the byte limit travels alone', () => {
    const chunks = chunkRuleFiles([rule('a', 10), rule('big', 500), rule('c', 10)], { maxFiles: 10, maxBytes: 100 });
    assert.deepEqual(
      chunks.map((chunk) => chunk.map((file) => file.path)),
      [['a.yml'], ['big.yml'], ['c.yml']],
    );
  });

  it('knows a correlation document by its top-level key only', () => {
    assert.equal(isCorrelationFile('title: x\ncorrelation:\n  type: temporal\n'), true);
    assert.equal(isCorrelationFile('title: x\ndetection:\n  selection:\n    message|contains: "correlation:"\n'), false);
  });

  it('every file once, no chunk over its limits unless a single file (property)', () => {
    const file = fc.record({ path: fc.string({ minLength: 1, maxLength: 8 }).map((s) => `${s}.yml`), text: fc.oneof(fc.string({ maxLength: 300 }), fc.constant('correlation:\n')) });
    fc.assert(
      fc.property(fc.array(file, { maxLength: 60 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 400 }), (files, maxFiles, maxBytes) => {
        const chunks = chunkRuleFiles(files, { maxFiles, maxBytes });
        assert.equal(chunks.flat().length, files.length);
        assert.deepEqual(new Set(chunks.flat()), new Set(files));
        for (const chunk of chunks) {
          assert.ok(chunk.length >= 1 && chunk.length <= maxFiles);
          const bytes = chunk.reduce((sum, f) => sum + Buffer.byteLength(f.text) + Buffer.byteLength(f.path), 0);
          assert.ok(chunk.length === 1 || bytes <= maxBytes);
        }
        const flat = chunks.flat();
        const firstCorrelation = flat.findIndex((f) => isCorrelationFile(f.text));
        if (firstCorrelation >= 0) assert.ok(flat.slice(firstCorrelation).every((f) => isCorrelationFile(f.text)));
      }),
    );
  });
});
