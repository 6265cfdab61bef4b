// After sign-in the browser goes only to a path on this server: never another site, whatever a
// hostile returnTo says (an open redirect would make single sign-on a phisher's tool).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { sameOriginPath } from './return-to.ts';

const ORIGIN = 'https://logwarden.example.org';

test('R-ACCESS-1: paths on this server are kept; other sites and odd forms are refused', () => {
  assert.equal(sameOriginPath('/ui/'), '/ui/');
  assert.equal(sameOriginPath('/ui/search?q=a%20b#top'), '/ui/search?q=a%20b#top');
  assert.equal(sameOriginPath('/a/../b'), '/b');
  for (const hostile of ['', 'ui/', '//evil.example/', '/\\evil.example/', '\\\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/\t/evil.example', '/\n/evil.example', ` /x`, `/${'a'.repeat(3000)}`]) {
    assert.equal(sameOriginPath(hostile), undefined, JSON.stringify(hostile));
  }
});

test('R-ACCESS-1: property: whatever is accepted, a browser resolving it against this server stays on this server', () => {
  const pieces = fc.constantFrom('/', '\\', '//', '/\\', ':', '@', '.', '..', '%2f', '%5c', '\t', '\n', ' ', '?', '#', 'evil.example', 'https:', 'ui', '%00', '\u3002', '\uff0f');
  fc.assert(
    fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 4 })), { maxLength: 8 }), (parts) => {
      const candidate = parts.join('');
      const accepted = sameOriginPath(candidate);
      if (accepted === undefined) return;
      assert.equal(new URL(accepted, ORIGIN).origin, ORIGIN, `${JSON.stringify(candidate)} → ${accepted}`);
      assert.equal(new URL(candidate, ORIGIN).origin, ORIGIN, `${JSON.stringify(candidate)} as given`);
      assert.ok(accepted.startsWith('/') && !accepted.startsWith('//'));
    }),
    { numRuns: 2000 },
  );
});
