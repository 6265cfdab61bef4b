// MaskingProfiles (R-MASK-1): the profiles' HMAC keys are made once, kept 0600 in
// secrets/masking-keys.json and reused on the next open (pseudonyms survive a restart); a keyFile
// gives a profile its key; a principal's role picks its masker, and a role naming a missing profile
// fails closed. The configuration refuses unknown fields and the built-in name.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { LogwardenError } from '../errors/codes.ts';
import { systemsScope } from '../query/scope.ts';
import { MaskingProfiles, refuseEvidenceIfMasked } from './masking.ts';
import { maskingSchema } from './masking-schema.ts';
import type { Principal } from './principal.ts';

async function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-masking-'));
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const principal = (masking?: string): Principal => ({ name: 'p', kind: 'token', role: 'r', permissions: new Set(), scope: systemsScope([]), ...(masking ? { masking } : {}) });

test('R-MASK-1: keys are made once (0600) and reused: the same pseudonym after a reopen; a keyFile key is used as given', () =>
  withDir(async (dir) => {
    const keyFile = path.join(dir, 'partner.key');
    await writeFile(keyFile, 'k'.repeat(40));
    const config = maskingSchema.parse({
      profiles: [
        { name: 'partner', pseudonymise: ['user.name'], keyFile },
        { name: 'vendor', redact: ['user.name'] },
      ],
    });
    const first = new MaskingProfiles(config, path.join(dir, 'secrets'));
    await first.open();
    const file = path.join(dir, 'secrets', 'masking-keys.json');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const stored = JSON.parse(await readFile(file, 'utf8')) as { keys: Record<string, string> };
    assert.deepEqual(Object.keys(stored.keys).sort(), ['third-party', 'vendor']);
    const alice = first.forPrincipal(principal('third-party'))?.maskEvent({ 'user.name': 'alice' })['user.name'];
    const again = new MaskingProfiles(config, path.join(dir, 'secrets'));
    await again.open();
    assert.equal(again.forPrincipal(principal('third-party'))?.maskEvent({ 'user.name': 'alice' })['user.name'], alice);
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), stored, 'an open that made nothing leaves the file alone');
    const partner = again.forPrincipal(principal('partner'))?.maskEvent({ 'user.name': 'alice' })['user.name'];
    assert.match(String(partner), /^user-[0-9a-f]{10}$/);
    assert.notEqual(partner, alice);
    assert.deepEqual(again.forPrincipal(principal('vendor'))?.maskEvent({ 'user.name': 'alice' }), {});
  }));

test('R-MASK-1: a third-party entry in the configuration extends the built-in profile: more fields masked, its dictionary', () =>
  withDir(async (dir) => {
    const config = maskingSchema.parse({ profiles: [{ name: 'third-party', redact: ['service.name', 'user.name'], dictionary: { organisations: ['Initech'] } }] });
    const profiles = new MaskingProfiles(config, dir);
    await profiles.open();
    assert.deepEqual(profiles.names, ['third-party']);
    const shown = profiles.forProfile('third-party')?.maskEvent({ 'service.name': 'x', 'user.name': 'alice', 'host.name': 'h1', message: 'INITECH alice' });
    assert.equal(shown?.['service.name'], undefined);
    assert.equal(shown?.['user.name'], undefined, 'redact wins over the built-in pseudonym');
    assert.match(String(shown?.['host.name']), /^host-/);
    assert.match(String(shown?.['message']), /^org-[0-9a-f]{10} \[redacted\]$/);
  }));

test('R-ACCESS-1: no masking without a profile; a role naming a missing profile is refused; evidence is refused to any masked principal', () =>
  withDir(async (dir) => {
    const profiles = new MaskingProfiles(maskingSchema.parse({}), dir);
    await profiles.open();
    assert.equal(profiles.forPrincipal(principal()), undefined);
    assert.throws(
      () => profiles.forPrincipal(principal('gone')),
      (error: unknown) => error instanceof LogwardenError && error.code === 'LW_AUTH_FORBIDDEN',
    );
    assert.doesNotThrow(() => refuseEvidenceIfMasked(principal(), 'a proof'));
    assert.throws(
      () => refuseEvidenceIfMasked(principal('third-party'), 'a proof'),
      (error: unknown) => error instanceof LogwardenError && error.code === 'LW_AUTH_FORBIDDEN' && /leaf hash/.test(error.message),
    );
  }));

test('R-MASK-1: access.masking refuses unknown fields, a field with two actions, an unrewritten third-party, duplicates and short key files', async () => {
  const bad = [
    { profiles: [{ name: 'p', redact: ['user.nmae'] }] },
    { profiles: [{ name: 'p', redact: ['user.name'], pseudonymise: ['user.name'] }] },
    { profiles: [{ name: 'third-party', message: false }] },
    { profiles: [{ name: 'p' }, { name: 'p' }] },
    { profiles: [{ name: 'p', dictionary: { hosts: ['x'] } }] },
    { profiles: [{ name: 'p', extra: true }] },
  ];
  for (const config of bad) assert.equal(maskingSchema.safeParse(config).success, false, JSON.stringify(config));
  const parsed = maskingSchema.parse({ profiles: [{ name: 'p', generalise: ['source.ip'] }] });
  assert.deepEqual(parsed.profiles[0], { name: 'p', redact: [], pseudonymise: [], generalise: ['source.ip'], message: true, rewrite: [], dictionary: { hosts: [], organisations: [] } });
  await withDir(async (dir) => {
    const keyFile = path.join(dir, 'short.key');
    await writeFile(keyFile, 'short');
    const profiles = new MaskingProfiles(maskingSchema.parse({ profiles: [{ name: 'p', keyFile }] }), dir);
    await assert.rejects(profiles.open(), /at least 32/);
    const damagedDir = path.join(dir, 'damaged');
    await mkdir(damagedDir);
    await writeFile(path.join(damagedDir, 'masking-keys.json'), '{"version": 1, "keys": {"third-party": ');
    await assert.rejects(new MaskingProfiles(maskingSchema.parse({}), damagedDir).open(), /is not a masking keys file \(not JSON\)/);
    const missing = new MaskingProfiles(maskingSchema.parse({ profiles: [{ name: 'p', keyFile: path.join(dir, 'none.key') }] }), dir);
    await assert.rejects(missing.open(), /keyFile of profile "p" .* cannot be read/);
  });
});
