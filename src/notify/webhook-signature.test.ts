// Standard Webhooks signing checked against the `standardwebhooks` package, the independent
// reference (R-TAMPER-1: a receiver can tell a notice came from this logwarden unaltered).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { signWebhook, webhookKey, WebhookSecretError } from './webhook-signature.ts';

const secret = `whsec_${randomBytes(32).toString('base64')}`;

test('R-TAMPER-1: the signature of any body verifies with the standardwebhooks library and equals its own', () => {
  const reference = new Webhook(secret);
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme' }), fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/), (body, id) => {
      const now = Date.now();
      const headers = signWebhook(webhookKey(secret), id, now, body);
      assert.equal(headers['webhook-timestamp'], String(Math.floor(now / 1000)));
      assert.equal(headers['webhook-signature'], reference.sign(id, new Date(Math.floor(now / 1000) * 1000), body));
      if (body !== '') reference.verify(body, { ...headers }, { jsonParse: false });
    }),
    { numRuns: 200 },
  );
});

test('R-TAMPER-1: a changed body, id or timestamp, or another secret, is refused by the library', () => {
  const body = JSON.stringify({ type: 'alert.initial', data: { alert: { id: 'a' } } });
  const headers = signWebhook(webhookKey(secret), 'n1', Date.now(), body);
  const reference = new Webhook(secret);
  assert.throws(() => reference.verify(body.replace('"a"', '"b"'), { ...headers }), /No matching signature/);
  assert.throws(() => reference.verify(body, { ...headers, 'webhook-id': 'n2' }), /No matching signature/);
  assert.throws(() => reference.verify(body, { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) - 1) }), /No matching signature/);
  assert.throws(() => new Webhook(`whsec_${randomBytes(32).toString('base64')}`).verify(body, { ...headers }), /No matching signature/);
  const old = signWebhook(webhookKey(secret), 'n1', Date.now() - 3_600_000, body);
  assert.throws(() => reference.verify(body, { ...old }), /too old/);
});

test('a bad secret is refused with a clear reason that never repeats it', () => {
  const cases: [string, RegExp][] = [
    [randomBytes(32).toString('base64'), /does not start with whsec_/],
    ['whsec_not*base64!', /not valid base64/],
    [`whsec_${randomBytes(16).toString('base64')}`, /holds 16 bytes/],
    [`whsec_${randomBytes(65).toString('base64')}`, /holds 65 bytes/],
  ];
  for (const [bad, reason] of cases) {
    assert.throws(
      () => webhookKey(bad),
      (error: unknown) => error instanceof WebhookSecretError && reason.test(error.message) && !error.message.includes(bad.slice(6)) && /openssl rand -base64 32/.test(error.message),
    );
  }
  assert.equal(webhookKey(`whsec_${Buffer.alloc(24, 1).toString('base64')}`).length, 24);
  assert.equal(webhookKey(`whsec_${Buffer.alloc(64, 1).toString('base64')}`).length, 64);
});
