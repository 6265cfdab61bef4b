// The UI's copy of the audit action names is the server's list, in the same order (R-ACCESS-2:
// the audit trail's filter offers every action the server records, and only those).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUDIT_ACTIONS } from '../audit/audit-action.ts';
import { AUDIT_ACTION_NAMES } from './audit-actions.ts';

test('R-ACCESS-2: the contract lists exactly the audit actions the server records', () => {
  assert.deepEqual([...AUDIT_ACTION_NAMES], [...AUDIT_ACTIONS]);
});
