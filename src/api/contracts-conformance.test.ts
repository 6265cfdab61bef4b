// What the API really answers matches the contracts (src/contracts/) the CLI, the tests and the UI
// parse with: real events through the real presentation and page builder, the health answers, and
// the domain types behind the ledger and token answers (checked by the compiler).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Role, TokenInfo, TokenState } from '../access/tokens.ts';
import { BUILT_IN_ROLE_NAMES } from '../access/roles.ts';
import { decodeJsonLine } from '../sources/json-events.ts';
import {
  evidence,
  healthResponse,
  PROBLEM_KINDS,
  publicEvent,
  ROLES,
  searchResponse,
  TOKEN_STATES,
  type EvidenceContract,
  type PublicEventContract,
  type TokenInfoContract,
  type VerifyReportContract,
} from '../contracts/index.ts';
import type { Evidence } from '../ledger/evidence.ts';
import type { ProblemKind } from '../ledger/verify-problems.ts';
import type { VerifyReport } from '../ledger/verify.ts';
import { presentEvent, type PublicEvent } from '../schema/present.ts';
import { livenessOf, readinessOf } from './health-routes.ts';
import { buildPageBody } from './search-response.ts';

const source = { protocol: 'http', listener: '127.0.0.1:9280', peer: '127.0.0.1:5000', identity: 'web-1' };

function storedEvents(): ReturnType<typeof decodeJsonLine>['event'][] {
  const lines = [
    '{"@timestamp":"2026-11-24T10:00:00.123Z","message":"login failed","user":{"name":"bob"},"source.ip":"10.1.2.3","http.response.status_code":401,"extra":{"a":"b"}}',
    '{"message": "not json',
  ];
  return lines.map((line, index) => {
    const event = decodeJsonLine(Buffer.from(line), { source, receivedAt: 1_764_000_000_000, maxEventBytes: 65_536 }).event;
    event['event.sequence'] = index;
    return event;
  });
}

describe('real answers parse with the contracts', () => {
  it('a presented event (times, numbers, labels, a flagged line)', () => {
    for (const event of storedEvents()) {
      const presented = presentEvent(event);
      assert.deepEqual(publicEvent.parse(presented), presented);
    }
  });

  it('a search page with leaves and a cursor, and one without', () => {
    for (const withLeaves of [true, false]) {
      const page = buildPageBody(storedEvents(), { maxBytes: 1_000_000, withLeaves, limit: 2, more: true, cursorAfter: () => 'abc' });
      const parsed = searchResponse.parse(JSON.parse(page.json));
      assert.equal(parsed.returned, 2);
      assert.equal(parsed.cursor, 'abc');
      assert.equal(parsed.ledger?.length, withLeaves ? 2 : undefined);
    }
  });

  it('every health answer', () => {
    for (const phase of ['starting', 'ready', 'stopping'] as const) {
      for (const readOnlyReason of [undefined, 'disk full']) {
        const components = [
          { name: 'store', status: 'ok' as const },
          { name: 'disk-guard', status: 'degraded' as const, reason: 'disk full' },
        ];
        for (const answer of [livenessOf({ phase, readOnlyReason, components }), readinessOf({ phase, readOnlyReason, components })]) healthResponse.parse(answer.body);
      }
    }
  });

  it('a malformed answer is refused by the contract, naming the field', () => {
    const result = evidence.safeParse({ origin: 'o', seq: -1, size: 1, leafHash: 'zz', proof: [], checkpoint: '', record: {} });
    assert.equal(result.success, false);
    assert.deepEqual(result.error?.issues.map((issue) => issue.path.join('.')).sort(), ['leafHash', 'seq']);
  });
});

describe('the contracts and the domain types agree (compile-time)', () => {
  it('contract outputs are the domain values the CLI hands on', () => {
    // The contract's event takes string arrays already (ECS event.category), a superset of PublicEvent.
    const asEvidence = (value: EvidenceContract): Omit<Evidence, 'record'> => value;
    const presentedFits = (value: PublicEvent): PublicEventContract => value;
    const asReport = (value: VerifyReportContract): VerifyReport => value;
    const asTokenInfo = (value: TokenInfoContract): TokenInfo => value;
    const fromTokenInfo = (value: TokenInfo): TokenInfoContract => value;
    const roles: readonly Role[] = ROLES;
    const states: readonly TokenState[] = TOKEN_STATES;
    const kinds: readonly ProblemKind[] = PROBLEM_KINDS;
    // And no member of the domain unions is missing from the contracts' enums.
    assert.deepEqual([...ROLES].sort(), [...BUILT_IN_ROLE_NAMES].sort());
    assert.equal(new Set<TokenState>(states).size, 3);
    assert.equal(new Set<ProblemKind>(kinds).size, PROBLEM_KINDS.length);
    assert.equal([asEvidence, presentedFits, asReport, asTokenInfo, fromTokenInfo].length, 5);
    assert.equal(roles.length, BUILT_IN_ROLE_NAMES.length);
  });
});
