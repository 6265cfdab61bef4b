import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { LogEvent } from '../schema/event.ts';
import { capDetail, flagEvent, MAX_PARSE_DETAIL_CHARS } from './parse-flag.ts';

describe('parse detail cap', () => {
  it('fuzz: a capped detail is within the cap, well-formed, and a short one is untouched', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 3000 }), (detail) => {
        const capped = capDetail(detail);
        assert.ok(capped.length <= MAX_PARSE_DETAIL_CHARS);
        assert.ok(capped.isWellFormed());
        if (detail.length <= MAX_PARSE_DETAIL_CHARS) assert.equal(capped, detail);
        else assert.ok(capped.startsWith(detail.slice(0, 100)));
      }),
    );
  });

  it('a second problem keeps the first reason, and both are described within the cap', () => {
    const event: LogEvent = {};
    assert.equal(flagEvent(event, 'invalid_field', 'x'.repeat(5000)), true);
    assert.equal(flagEvent(event, 'secret_redacted', 'a token was replaced'), false);
    assert.equal(event['logwarden.parse.error'], 'invalid_field');
    const detail = String(event['logwarden.parse.detail']);
    assert.ok(detail.length <= MAX_PARSE_DETAIL_CHARS);
    assert.match(detail, /^x+ … \(\d+ more characters left out; the input is in event\.original\); also secret_redacted, .*: a token was replaced$/);
  });
});
