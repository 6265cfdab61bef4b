// Token redaction (R-TAMPER-1: a stored secret could never be removed; R-ACCESS-1: it is a way in).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { LogEvent } from '../schema/event.ts';
import { redactionMarker, redactTokens, redactTokensInText } from './redact-tokens.ts';

/** A token as src/access/tokens.ts creates one. */
const newToken = () => `lw_${randomBytes(32).toString('base64url')}`;
const TOKEN_PATTERN = /lw_[A-Za-z0-9_-]{43}/;
const BASE64URL = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'];

const tokenArb = fc.array(fc.constantFrom(...BASE64URL), { minLength: 43, maxLength: 43 }).map((chars) => `lw_${chars.join('')}`);
/** Text that tends to sit next to tokens: base64url runs, `lw_` fragments, separators, anything. */
const pieceArb = fc.oneof(tokenArb, fc.constantFrom('lw_', 'lw', 'l', '_', '[', ']', ':', ' ', 'Bearer '), fc.string({ unit: fc.constantFrom(...BASE64URL) }), fc.string());

describe('redactTokensInText', () => {
  it('fuzz: no token survives, however tokens and their surroundings are mixed', () => {
    fc.assert(
      fc.property(fc.array(pieceArb, { maxLength: 12 }), (pieces) => {
        const redacted = redactTokensInText(pieces.join(''));
        assert.doesNotMatch(redacted, TOKEN_PATTERN);
        const cut = redactTokensInText(pieces.join(''), { cut: true });
        assert.doesNotMatch(cut, TOKEN_PATTERN);
        assert.doesNotMatch(cut, /lw_[A-Za-z0-9_-]{16,}$/, 'nor the start of one where the text was cut');
      }),
      { numRuns: 3000 },
    );
  });

  it('fuzz: text without a token is returned unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('lw_', 'lw_abc', '[lw-token-redacted:abcdef]'), fc.string(), fc.string({ unit: fc.constantFrom(...BASE64URL) })), { maxLength: 8 }), (pieces) => {
        const text = pieces.join('');
        fc.pre(!TOKEN_PATTERN.test(text));
        assert.equal(redactTokensInText(text), text);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the first six characters after lw_ as a hint, and the marker is not itself a token', () => {
    const token = newToken();
    const redacted = redactTokensInText(`Authorization: Bearer ${token} ok`);
    assert.equal(redacted, `Authorization: Bearer [lw-token-redacted:${token.slice(3, 9)}] ok`);
    assert.equal(redactTokensInText(redacted), redacted);
    assert.doesNotMatch(redactionMarker(token), /lw_/);
  });
});

describe('redactTokens on an event', () => {
  it('replaces tokens in every string field, label keys and values, and the raw bytes; flags secret_redacted', () => {
    const token = newToken();
    const raw = Buffer.concat([Buffer.from(`bad \xff bytes ${token} end`, 'latin1')]);
    const event: LogEvent = {
      message: `login with ${token}`,
      'event.original': `<13>x login with ${token}`,
      'user.name': token,
      labels: { [`key-${token}`]: 'v', header: `Bearer ${token}`, plain: 'nothing here' },
      'logwarden.original_base64': raw.toString('base64'),
      'source.port': 22,
    };
    const result = redactTokens(event);
    assert.equal(result?.flagged, true);
    assert.deepEqual(result?.hints, [token.slice(3, 9)]);
    const stored = JSON.stringify(event);
    assert.ok(!stored.includes(token), stored);
    assert.ok(!Buffer.from(String(event['logwarden.original_base64']), 'base64').toString('latin1').includes(token));
    assert.equal(Buffer.from(String(event['logwarden.original_base64']), 'base64')[4], 0xff, 'other bytes are kept as they were');
    assert.equal(event['logwarden.parse.error'], 'secret_redacted');
    assert.match(String(event['logwarden.parse.detail']), new RegExp(`lw_${token.slice(3, 9)}…`));
    assert.equal((event['labels'] as Record<string, string>)['plain'], 'nothing here');
    assert.equal(event['source.port'], 22);
  });

  it('keeps the first reason of an event already flagged and says so in the detail', () => {
    const token = newToken();
    const event: LogEvent = { message: token, 'logwarden.parse.error': 'invalid_json', 'logwarden.parse.detail': `not valid JSON near ${token}` };
    assert.equal(redactTokens(event)?.flagged, false);
    assert.equal(event['logwarden.parse.error'], 'invalid_json');
    assert.match(String(event['logwarden.parse.detail']), /^not valid JSON near \[lw-token-redacted:.{6}\]; also secret_redacted/);
  });

  it('in an event cut at the size limit, also replaces a token cut short at the end', () => {
    const token = newToken();
    const event: LogEvent = { 'event.original': `x ${token.slice(0, 30)}`, message: `x ${token.slice(0, 30)}`, 'logwarden.truncated': true };
    redactTokens(event);
    assert.equal(event['event.original'], `x [lw-token-redacted:${token.slice(3, 9)}]`);
    const whole: LogEvent = { message: `not cut: ${token.slice(0, 30)}` };
    assert.equal(redactTokens(whole), undefined, 'a short lw_ word in text that was not cut is left alone');
  });

  it('leaves an event without tokens as it was, unflagged', () => {
    const event: LogEvent = { message: 'lw_ is only a prefix here', labels: { a: 'b' } };
    const before = structuredClone(event);
    assert.equal(redactTokens(event), undefined);
    assert.deepEqual(event, before);
  });
});

describe('tokens written with JSON escapes', () => {
  it('are replaced in event.original, whose parsed fields would otherwise be the only ones redacted', async () => {
    const { decodeJsonLine } = await import('../sources/json-events.ts');
    const token = newToken();
    const escaped = [...token].map((char, index) => (index % 3 === 0 ? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}` : char)).join('');
    const line = `{"message":"login ${escaped}"}`;
    assert.equal(JSON.parse(line).message, `login ${token}`);
    const { event } = decodeJsonLine(Buffer.from(line), { source: { protocol: 'http', listener: '', peer: '', identity: '' }, receivedAt: 0, maxEventBytes: 1 << 16 });
    redactTokens(event);
    const original = String(event['event.original']);
    assert.equal(original, `{"message":"login ${redactionMarker(token)}"}`);
    assert.equal(JSON.parse(original).message, `login ${redactionMarker(token)}`);
    assert.equal(event['message'], `login ${redactionMarker(token)}`);
  });

  it('fuzz: no token survives in JSON text, however its characters are escaped', () => {
    fc.assert(
      fc.property(tokenArb, fc.array(fc.boolean(), { minLength: 46, maxLength: 46 }), fc.string(), (token, escapes, around) => {
        const escaped = [...token].map((char, index) => (escapes[index] ? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}` : char)).join('');
        const text = JSON.stringify({ around }).slice(0, -2) + escaped + '"}';
        const redacted = redactTokensInText(text, { json: true });
        assert.doesNotMatch(JSON.stringify(JSON.parse(redacted)), TOKEN_PATTERN);
      }),
      { numRuns: 2000 },
    );
  });
});
