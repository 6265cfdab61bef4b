// A rule's revision follows what its document says, not how its file is written.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { CanonicalJsonError } from '../ledger/canonical-json.ts';
import { ruleRevision } from './revision.ts';

const RULE = `title: Failed su
id: 0b6a3e43-0c52-4cd2-9a6e-6a1b2b8c7d01
logsource: {product: linux, service: su}
detection:
  selection: {event.outcome: failure}
  condition: selection
`;

test('the revision is 16 hex digits of the canonical document: layout, key order and comments do not change it', () => {
  const revision = ruleRevision(parse(RULE));
  assert.match(revision, /^[0-9a-f]{16}$/);
  const rewritten = `# a comment
id: 0b6a3e43-0c52-4cd2-9a6e-6a1b2b8c7d01
detection:
    condition: selection
    selection:
        event.outcome: failure
logsource:
    service: su
    product: linux
title: "Failed su"
`;
  assert.equal(ruleRevision(parse(rewritten)), revision);
});

test('any change to what the rule says is a new revision', () => {
  const revision = ruleRevision(parse(RULE));
  assert.notEqual(ruleRevision(parse(RULE.replace('failure', 'success'))), revision);
  assert.notEqual(ruleRevision(parse(`${RULE}level: high\n`)), revision);
  assert.notEqual(ruleRevision(parse(RULE.replace('title: Failed su', 'title: Failed su!'))), revision);
});

test('a document JSON cannot hold (YAML .inf) is refused, not hashed as something else', () => {
  assert.throws(() => ruleRevision(parse(`${RULE}custom: .inf\n`)), CanonicalJsonError);
});
