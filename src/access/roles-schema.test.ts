// `access.roles` (docs/configuration.md): a custom role is refused, with its path, when it takes a
// built-in name, repeats a name, names a system the inventory lacks or a masking profile nobody
// defined, or holds a permission that would undo its masking or its scope (R-ACCESS-1, R-MASK-1).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateConfig } from '../config/load.ts';
import { LogwardenError } from '../errors/codes.ts';
import { RoleSet } from './roles.ts';

const SYSTEMS = [
  { name: 'web', owner: 'web team' },
  { name: 'db', owner: 'db team' },
];

function problems(roles: unknown): string[] {
  try {
    validateConfig({ systems: SYSTEMS, access: { roles, masking: { profiles: [{ name: 'vendor-profile', redact: ['user.name'] }] } } }, 'test.yaml');
  } catch (error) {
    assert.ok(error instanceof LogwardenError && error.code === 'LW_CONFIG_INVALID', String(error));
    return (error.details as { problems: string[] }).problems;
  }
  return [];
}

function assertProblem(found: string[], pattern: RegExp): void {
  assert.ok(
    found.some((line) => pattern.test(line)),
    `${pattern} in:\n${found.join('\n')}`,
  );
}

test('R-ACCESS-1: a custom role over inventory systems with the built-in masking profile loads, and resolves to its scope', () => {
  const config = validateConfig(
    {
      systems: SYSTEMS,
      access: {
        roles: [
          { name: 'web-team', permissions: ['events.read', 'detections.read'], systems: ['web', 'logwarden'] },
          { name: 'vendor', permissions: ['events.read'], systems: ['db'], masking: 'third-party' },
        ],
      },
    },
    'test.yaml',
  );
  assert.equal(config.access.roles.length, 2);
  const roles = new RoleSet(config.access.roles);
  const principal = roles.principalFor({ kind: 'token', name: 'v', role: 'vendor' });
  assert.deepEqual(principal.scope, { kind: 'systems', systems: ['db'], auditOf: 'v' });
  assert.equal(principal.masking, 'third-party');
  assert.deepEqual([...principal.permissions], ['events.read']);
});

test('R-ACCESS-1: a built-in or repeated name, an unknown permission, system or masking profile are each named with their path', () => {
  const found = problems([
    { name: 'admin', permissions: ['events.read'] },
    { name: 'ops', permissions: ['events.delete'] },
  ]);
  assertProblem(found, /access\.roles\.0\.name.*built-in/);
  assertProblem(found, /access\.roles\.1\.permissions\.0/);
  // What roles name elsewhere is checked once each role is valid in itself.
  const references = problems([
    { name: 'mail-team', permissions: ['events.read'], systems: ['mail'] },
    { name: 'vendor', permissions: ['events.read'], masking: 'nobody-defined-this' },
  ]);
  assertProblem(references, /access\.roles\.0\.systems.*no system "mail".*the systems are web, db, unassigned, logwarden/);
  assertProblem(references, /access\.roles\.1\.masking.*no masking profile "nobody-defined-this"; the profiles are third-party, vendor-profile/);
  assert.deepEqual(problems([{ name: 'vendor', permissions: ['events.read'], masking: 'vendor-profile' }]), [], 'a profile of access.masking may be named');
  assert.deepEqual(
    problems([
      { name: 'ops', permissions: ['events.read'] },
      { name: 'ops', permissions: ['rules.read'] },
    ]).length,
    1,
  );
  assertProblem(
    problems([
      { name: 'ops', permissions: ['events.read'] },
      { name: 'ops', permissions: ['rules.read'] },
    ]),
    /access\.roles\.1\.name.*defined twice/,
  );
});

test('R-MASK-1: a masked role may not hold integrity.read (leaf hashes confirm guesses at masked values), nor metrics.read', () => {
  assertProblem(problems([{ name: 'vendor', permissions: ['events.read', 'integrity.read'], masking: 'third-party' }]), /masked role.*integrity\.read/);
  assertProblem(problems([{ name: 'vendor', permissions: ['events.read', 'metrics.read'], masking: 'third-party' }]), /metrics\.read is for roles that read every system unmasked/);
  assertProblem(problems([{ name: 'web-team', permissions: ['metrics.read'], systems: ['web'] }]), /metrics\.read/);
  assert.deepEqual(problems([{ name: 'prometheus', permissions: ['metrics.read'] }]), []);
  assert.deepEqual(problems([{ name: 'vendor', permissions: ['events.read'], masking: 'third-party' }]), []);
});

test('every built-in role keeps the rules custom roles are held to', () => {
  for (const role of new RoleSet().roles) {
    if (role.masking !== undefined) assert.ok(!role.permissions.includes('integrity.read'), `${role.name} is masked and holds integrity.read`);
  }
  const admin = new RoleSet().get('admin');
  assert.ok(admin && !admin.permissions.some((permission) => /delete|edit|update/.test(permission)), 'no permission edits or deletes events (R-TAMPER-1)');
});
