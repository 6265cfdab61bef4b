// docs/parsers.md lists every parser of the table with the rules and fields its fixtures show, and
// the list is the one the generator renders now (as src/schema/fields.test.ts keeps docs/fields.md
// in step with the registry) (R-EVENTS-1, R-FIELDS-1).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { ALL_FIXTURES } from './all-fixtures.fixtures.ts';
import { DOC_BEGIN, DOC_END, generatedBlock, renderParsersDoc, replaceGeneratedBlock } from './doc.ts';
import type { ParserFixtures } from './fixture.ts';
import { patternParser, type Parser } from './parser.ts';
import { PARSERS } from './table.ts';

test('the generated block of docs/parsers.md is what `npm run docs:parsers` renders from the table and fixtures now', async () => {
  const doc = await readFile(new URL('../../docs/parsers.md', import.meta.url), 'utf8');
  const block = generatedBlock(doc);
  assert.ok(block, `docs/parsers.md needs a ${DOC_BEGIN} … ${DOC_END} block`);
  assert.equal(block, renderParsersDoc(PARSERS, ALL_FIXTURES), 'docs/parsers.md is out of date with the parsers or their fixtures: run `npm run docs:parsers`');
  for (const parser of PARSERS) assert.ok(block.includes(`### \`${parser.name}\``), `${parser.name} is missing from docs/parsers.md`);
});

const sshd = patternParser({
  name: 'demo-sshd',
  description: 'Demo logins',
  module: 'system',
  programs: ['demo-sshd'],
  rules: [{ name: 'failed', pattern: /^x$/, fields: () => ({}) }],
});
const cef: Parser = { name: 'demo-cef', description: 'Demo CEF | pipes.', module: 'cef', detect: () => false, parse: () => undefined };
const FIXTURES: ReadonlyArray<readonly [string, ParserFixtures]> = [
  [
    'demo',
    {
      matching: [
        { name: 'a', origin: 'OpenSSH auth2.c', syslog: '<38>x', parser: 'demo-sshd', rule: 'failed', expect: { 'user.name': 'root', 'source.ip': '192.0.2.7' } },
        { name: 'b', origin: 'generated on Debian', syslog: '<38>y', parser: 'demo-sshd', rule: 'failed', expect: { 'source.port': 22 } },
        { name: 'c', origin: 'OpenSSH auth2.c', syslog: '<38>z', parser: 'demo-sshd', rule: 'accepted', expect: { 'event.outcome': 'success' } },
      ],
      nonMatching: [{ name: 'd', syslog: '<38>w', why: 'debug' }],
    },
  ],
];

test('a rendered parser: programs or content, each rule with the union of its fixtures’ fields, fixture counts and origins', () => {
  const block = renderParsersDoc([sshd, cef], FIXTURES);
  assert.ok(block.startsWith(`${DOC_BEGIN}\n`) && block.endsWith(DOC_END));
  assert.match(block, /\n2 parsers, 3 matching fixtures, 1 fixtures no parser may claim\.\n/);
  assert.match(block, /\n\| \[`demo-sshd`\]\(#demo-sshd\) \| `system` \| `demo-sshd` \| 2 \|\n/);
  assert.match(block, /\n### `demo-sshd`\n\nDemo logins\. Module `system`; programs `demo-sshd`\.\n/);
  assert.match(block, /\n\| `failed` \| `source\.ip`, `source\.port`, `user\.name` \| 2 \|\n\| `accepted` \| `event\.outcome` \| 1 \|\n/);
  assert.match(block, /\nFixtures: 3 matching, 1 not to be claimed \(src\/parsers\/demo\.fixtures\.ts\)\. Where their formats come from:\n\n- OpenSSH auth2\.c\n- generated on Debian\n\n/);
  assert.match(block, /\n### `demo-cef`\n\nDemo CEF \| pipes\. Module `cef`; detected by content\.\n\nNo fixtures name a rule of this parser yet\.\n\nFixtures: 0 matching, 0 not to be claimed\.\n/);
});

test('rewriting the block leaves the rest of the page alone, and a page without markers is refused', () => {
  const page = `# Parsers\n\nintro\n\n${DOC_BEGIN}\nold\n${DOC_END}\n\n## Notes: sshd\n\nhand-written\n`;
  assert.equal(replaceGeneratedBlock(page, `${DOC_BEGIN}\nnew\n${DOC_END}`), `# Parsers\n\nintro\n\n${DOC_BEGIN}\nnew\n${DOC_END}\n\n## Notes: sshd\n\nhand-written\n`);
  assert.equal(replaceGeneratedBlock('# no markers\n', 'x'), undefined);
});
