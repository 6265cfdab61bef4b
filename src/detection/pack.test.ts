// The shipped rule pack (rules/logwarden/, R-EVENTS-1, R-ANALYSE-1): every file loads with the
// real loader and runs here (no rule skipped), each is one rule with a unique id, a level, a
// description and MITRE ATT&CK tags, and docs/detection.md's table lists exactly the pack's rules
// with their levels and the fields they read; each detection rule selects the same scenario events
// in the real embedded engine (its SQL, as hunts run it) as in the stream matcher. The SigmaHQ
// stand-in in test/fixtures/sigma-checkout/ loads the way its README says.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Session } from 'chdb';
import { predicateMatcher } from '../query/match.ts';
import { toEngineRow } from '../query/match.fixtures.ts';
import { toSql } from '../query/sql-backend.ts';
import { FIELDS } from '../schema/fields.ts';
import { recognise } from '../parsers/recognise.ts';
import { PARSER_TABLE } from '../parsers/table.ts';
import type { LogEvent } from '../schema/event.ts';
import { normaliseSyslog } from '../transforms/normalise-syslog.ts';
import { MemoryDetectionHistory } from './correlation/history.ts';
import { DetectionEngine } from './engine/engine.ts';
import { loadRuleSet } from './load.ts';
import { packRuleFields } from './pack.fixtures.ts';
import { PACK_DIR, PACK_RULESET } from './pack.ts';
import { scenarioEvents, scenarioNames } from './scenarios.fixtures.ts';
import type { RuleSet } from './rule.ts';

const ROOT = new URL('../../', import.meta.url);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TECHNIQUE = /^attack\.t\d{4}(\.\d{3})?$/;
const TACTIC = /^attack\.[a-z]+(-[a-z]+)*$/;

async function ruleFiles(dir: string, under = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, under), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => (entry.isDirectory() ? ruleFiles(dir, path.posix.join(under, entry.name)) : /\.ya?ml$/.test(entry.name) ? [path.posix.join(under, entry.name)] : [])),
  );
  return nested.flat().sort();
}

interface TableRow {
  readonly path: string;
  readonly level: string;
  readonly fields: readonly string[];
  readonly requirements: readonly string[];
}

/** The rows of docs/detection.md's `## The shipped pack` table. */
async function packTable(): Promise<TableRow[]> {
  const doc = await readFile(new URL('docs/detection.md', ROOT), 'utf8');
  const section = doc.split(/^## /m).find((part) => part.startsWith('The shipped pack\n'));
  assert.ok(section, 'docs/detection.md has a "## The shipped pack" section');
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| rule |') && !line.startsWith('| ---'))
    .map((line) => {
      const [rule = '', level = '', , fields = '', requirements = ''] = line
        .slice(2, -2)
        .split(' | ')
        .map((cell) => cell.trim());
      return {
        path: /\(`([^`]+)`\)$/.exec(rule)?.[1] ?? rule,
        level,
        fields: [...fields.matchAll(/`([^`]+)`/g)].map((match) => match[1] as string),
        requirements: requirements.split(', '),
      };
    });
}

describe('the shipped rule pack (R-EVENTS-1, R-ANALYSE-1)', () => {
  let pack: RuleSet;
  let files: string[];

  before(async () => {
    pack = await loadRuleSet([{ ruleset: PACK_RULESET, dir: PACK_DIR }], { placeholders: {} });
    files = await ruleFiles(PACK_DIR);
  });

  test('every file loads and can run here: nothing skipped, one rule per file', () => {
    assert.deepEqual(pack.skipped, []);
    assert.ok(files.length >= 30, `the pack has ${files.length} files`);
    assert.deepEqual(
      pack.rules.map((rule) => rule.path),
      files,
    );
    assert.ok(pack.rules.every((rule) => rule.ruleset === PACK_RULESET));
  });

  test('ids are UUIDs and unique, names unique', () => {
    const ids = pack.rules.map((rule) => rule.id);
    for (const id of ids) assert.match(id, UUID);
    assert.equal(new Set(ids).size, ids.length, 'duplicate ids');
    const names = pack.rules.flatMap((rule) => (rule.name === undefined ? [] : [rule.name]));
    assert.equal(new Set(names).size, names.length, 'duplicate names');
  });

  test('each rule has a level, a description, false positives, an ATT&CK technique and tactic', () => {
    for (const rule of pack.rules) {
      assert.ok((rule.description ?? '').length >= 20, `${rule.path}: a description`);
      assert.ok((rule.falsepositives ?? []).length > 0, `${rule.path}: false positives`);
      assert.ok(rule.tags.some((tag) => TECHNIQUE.test(tag)) && rule.tags.some((tag) => !TECHNIQUE.test(tag) && TACTIC.test(tag)), `${rule.path}: tags ${rule.tags.join(' ')}`);
      for (const tag of rule.tags) assert.ok(TECHNIQUE.test(tag) || TACTIC.test(tag), `${rule.path}: tag ${tag}`);
      assert.equal(rule.status, 'stable', rule.path);
    }
  });

  test('docs/detection.md lists every rule once, with its level, the fields it reads and requirements that exist', async () => {
    const rows = await packTable();
    assert.deepEqual(rows.map((row) => row.path).sort(), [...files].sort(), 'the table and the pack name the same files');
    const requirements = await readFile(new URL('docs/requirements.md', ROOT), 'utf8');
    for (const row of rows) {
      const rule = pack.rules.find((one) => one.path === row.path);
      assert.ok(rule);
      assert.equal(row.level, rule.level, `${row.path}: level`);
      assert.deepEqual(row.fields, packRuleFields(rule, pack), `${row.path}: fields`);
      for (const id of row.requirements) assert.ok(/^R-[A-Z]+-\d+$/.test(id) && requirements.includes(`| ${id} |`), `${row.path}: requirement ${id}`);
      if (rule.kind === 'correlation') assert.ok(row.requirements.includes('R-ANALYSE-3'), `${row.path}: a correlation cites R-ANALYSE-3`);
    }
  });
});

/** A sudo command line from `host`, normalised and parsed as ingest does. */
function sudoLine(host: string, command: string): LogEvent {
  const text = `<85>Mar  7 10:00:00 ${host} sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=${command}`;
  const source = { protocol: 'syslog-tcp', listener: '0.0.0.0:6514', peer: '192.0.2.250:40000', identity: '' };
  const { event } = normaliseSyslog({ bytes: Buffer.from(text), truncated: false }, { source, receivedAt: Date.UTC(2026, 2, 8) });
  recognise(event, PARSER_TABLE);
  return { ...event, 'event.sequence': 1, 'logwarden.system': 'unassigned' };
}

describe('the pack over stored data: both paths select the same events (R-ANALYSE-1)', () => {
  let dir: string;
  let session: Session;
  let events: LogEvent[];

  before(async () => {
    // Every scenario's events, numbered apart, as one store holds them.
    events = scenarioNames().flatMap((name, index) => scenarioEvents(name).map((event) => ({ ...event, 'event.sequence': index * 10_000 + Number(event['event.sequence']) })));
    dir = mkdtempSync(path.join(tmpdir(), 'logwarden-pack-sql-'));
    session = new Session(dir);
    const columns = FIELDS.map((field) => `\`${field.column}\` ${field.type}`).join(', ');
    await session.queryAsync(`CREATE TABLE events (${columns}) ENGINE = MergeTree ORDER BY event_sequence`);
    await session.insert({ table: 'events', values: Buffer.from(events.map((event) => JSON.stringify(toEngineRow(event))).join('\n')), format: 'JSONEachRow' });
  });
  after(() => {
    session.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('each detection rule’s predicate finds the same scenario events in the engine as in the stream matcher', async () => {
    const pack = await loadRuleSet([{ ruleset: PACK_RULESET, dir: PACK_DIR }], { placeholders: {} });
    let matching = 0;
    for (const rule of pack.rules) {
      if (rule.kind !== 'detection') continue;
      const matches = predicateMatcher(rule.predicate);
      const js = events.filter((event) => matches(event)).map((event) => Number(event['event.sequence']));
      const compiled = toSql(rule.predicate);
      const result = await session.queryBindAsync(`SELECT event_sequence FROM events WHERE ${compiled.sql} ORDER BY event_sequence`, compiled.params, { format: 'JSONEachRow' });
      const sql = result
        .text()
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => Number((JSON.parse(line) as { event_sequence: string | number }).event_sequence));
      assert.deepEqual(sql, js, rule.path);
      if (js.length > 0) matching++;
    }
    // Not a vacuous agreement: every detection rule but those on logwarden's own events (not in the logs) finds some.
    assert.ok(matching >= pack.rules.filter((rule) => rule.kind === 'detection').length - 3, `only ${matching} rules found events`);
  });
});

describe('the SigmaHQ stand-in loads as its README says', () => {
  test('Linux, web and firewall rules load (the correlation file with them, the filter applied); Windows and an unmapped field are skipped with why', async () => {
    const dir = new URL('test/fixtures/sigma-checkout/', ROOT).pathname;
    const set = await loadRuleSet([{ ruleset: 'imported', dir }], { placeholders: {} });
    assert.deepEqual(
      set.skipped.map((skip) => [skip.path, skip.reason]),
      [
        ['rules/linux/builtin/lnx_vendor_agent_tamper.yml', 'unmapped field VendorAgentTamperState (in selection)'],
        ['rules/windows/powershell/powershell_script/posh_ps_encoded_download.yml', 'unknown logsource product=windows category=ps_script'],
        ['rules/windows/process_creation/proc_creation_win_whoami_all.yml', 'unknown logsource product=windows category=process_creation'],
      ],
    );
    const kinds = set.rules.map((rule) => `${rule.kind} ${rule.path}`);
    assert.equal(kinds.filter((kind) => kind.startsWith('detection ')).length, 10);
    assert.deepEqual(
      kinds.filter((kind) => kind.startsWith('correlation ')),
      ['correlation rules/linux/builtin/sshd/lnx_sshd_failed_logins_burst.yml'],
    );
    // The filter: `sudo crontab -r` on a build host is left out, on any other host it is a match.
    const engine = new DetectionEngine(set, { latenessMs: 0, maxEvidence: 10, history: new MemoryDetectionHistory() });
    const matched = (host: string): string[] => engine.explain(sudoLine(host, '/usr/bin/crontab -r')).map((match) => match.rule.path);
    assert.deepEqual(matched('web1'), ['rules/linux/process_creation/proc_creation_lnx_crontab_removal.yml']);
    assert.deepEqual(matched('build-7'), []);
  });
});
