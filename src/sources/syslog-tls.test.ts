import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSubject } from './syslog-tls.ts';

test('a certificate subject is written most specific first, RFC 4514 style', () => {
  assert.equal(formatSubject({ O: 'Example', CN: 'web-1' }), 'CN=web-1,O=Example');
  assert.equal(formatSubject({ C: 'DE', O: 'Example', OU: ['ops', 'web'], CN: 'web-1' }), 'CN=web-1,OU=web,OU=ops,O=Example,C=DE');
  assert.equal(formatSubject(undefined), '');
  assert.equal(formatSubject({}), '');
});

test('special characters in subject values are escaped, so a value cannot forge another attribute', () => {
  assert.equal(formatSubject({ CN: 'web-1,O=Admins' }), 'CN=web-1\\,O=Admins');
  assert.equal(formatSubject({ CN: ' #x+y;z<>"\\ ' }), 'CN=\\ #x\\+y\\;z\\<\\>\\"\\\\\\ ');
  assert.equal(formatSubject({ CN: '#lead' }), 'CN=\\#lead');
});
