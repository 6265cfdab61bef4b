// End to end, the rules commands against the built server (R-ANALYSE-1, R-ANALYSE-3): sshd
// failures sent as RFC 5424 syslog lines over TCP are stored first; then `logwarden rules import`
// of a directory in SigmaHQ's layout (test/fixtures/rules-import/) prints `loaded N, skipped M`
// and each skipped file with why (unknown logsource, unmapped field, bad YAML); `rules list
// --format ndjson` shows the imported rules; `rules hunt` finds the failures stored before the
// import (the stored-data path) and prints them as `logwarden detections` does; `rules test`
// with a rule file works with no server at all; a read token cannot import.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { createTokenResponse, huntDetection, ruleSummary, searchResponse, testResponse } from '../../src/contracts/index.ts';
import { eventually, makeDataDir, removeDataDir, ROOT, runCli, spawnServer, type SpawnedServer } from '../helpers/server.ts';

const FIXTURE = path.join(ROOT, 'test/fixtures/rules-import');
const ROOT_FAILED = '5d0f3e0a-6c1e-4b4e-9d7a-1f2e3c4b5a60';
const ROOT_BURST = '1e5f6071-8293-4eaf-8a01-3c4d5e6f7081';
const ATTACKER = '203.0.113.77';
const IMPORT_BODY_LIMIT = 2048;

let dataDir: string;
let server: SpawnedServer;
let token: string;

/** sshd's lines as a sender writes them, newline-framed over syslog TCP. */
async function sendSyslog(lines: readonly string[]): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect(server.syslogTcp.port, server.syslogTcp.host, () => socket.end(lines.map((line) => `${line}\n`).join('')));
    socket.once('error', reject);
    socket.once('close', () => resolve());
  });
}

function sshdLine(at: number, text: string): string {
  return `<38>1 ${new Date(at).toISOString()} web-1 sshd 4242 - - ${text}`;
}

async function search(query: string): Promise<z.output<typeof searchResponse>> {
  const url = new URL('/api/v1/search', server.httpUrl);
  url.searchParams.set('q', query);
  url.searchParams.set('from', 'now-1d');
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return searchResponse.parse(await response.json());
}

async function eventsFile(): Promise<string> {
  const events = path.join(dataDir, 'events.log');
  await writeFile(
    events,
    [
      '<38>Nov 25 11:00:00 web1 sshd[1234]: Failed password for root from 203.0.113.9 port 50022 ssh2',
      '<38>Nov 25 11:00:03 web1 sshd[1234]: Accepted password for root from 203.0.113.9 port 50022 ssh2',
      JSON.stringify({ message: 'Failed password for root from 192.0.2.1 port 22 ssh2', 'log.syslog.appname': 'sshd' }),
    ].join('\n'),
  );
  return events;
}

const cli = (args: string[]) => runCli([...args, '--server', server.httpUrl, '--token-file', server.tokenFile]);

before(async () => {
  dataDir = await makeDataDir();
  // A body limit below the fixture's size: `rules import` must split its request to get through.
  const config = path.join(dataDir, 'logwarden.yml');
  await writeFile(config, `http:\n  maxBodyBytes: ${IMPORT_BODY_LIMIT}\n`);
  server = await spawnServer(dataDir, ['--config', config]);
  token = (await readFile(server.tokenFile, 'utf8')).trim();
  const now = Date.now();
  const lines = [
    ...[0, 20, 40, 60].map((s) => sshdLine(now - 600_000 + s * 1000, `Failed password for root from ${ATTACKER} port ${50_000 + s} ssh2`)),
    sshdLine(now - 500_000, 'Failed password for root from 198.51.100.8 port 40000 ssh2'),
    sshdLine(now - 400_000, `Accepted password for root from ${ATTACKER} port 50100 ssh2`),
    sshdLine(now - 300_000, `Failed password for alice from ${ATTACKER} port 50200 ssh2`),
  ];
  await sendSyslog(lines);
  await eventually(async () => ((await search('process.name:sshd')).returned === lines.length ? true : undefined), 20_000, 'the sshd lines stored');
});

after(async () => {
  await server?.stop();
  await removeDataDir(dataDir);
});

describe('logwarden rules', () => {
  test('rules import DIR prints `loaded N, skipped M` and each skipped file with its reason', async () => {
    const { readRuleFiles } = await import('../../src/detection/rule-files.ts');
    const total = (await readRuleFiles(FIXTURE)).reduce((sum, file) => sum + file.text.length, 0);
    assert.ok(total > IMPORT_BODY_LIMIT, 'the directory does not fit one request');
    const result = await cli(['rules', 'import', FIXTURE]);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'loaded 3, skipped 3');
    assert.equal(lines.length, 4);
    const reasons = lines.slice(1).join('\n');
    assert.match(reasons, /^rules\/linux\/builtin\/lnx_broken_yaml\.yml: invalid YAML: /m);
    assert.match(reasons, /^rules\/linux\/process_creation\/proc_creation_lnx_parent_unmapped\.yml: unmapped field ParentImage/m);
    assert.match(reasons, /^rules\/windows\/process_creation\/proc_creation_win_net_user_add\.yml: unknown logsource product=windows category=process_creation$/m);
    // The workflow YAML under .github is not a rule and is not sent.
    assert.doesNotMatch(result.stdout, /\.github/);
  });

  test('rules list --format ndjson shows the imported rules, one per line, beside the shipped pack', async () => {
    const result = await cli(['rules', 'list', '--format', 'ndjson']);
    assert.equal(result.code, 0, result.stderr);
    const rules = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => ruleSummary.pick({ id: true, title: true, level: true, ruleset: true, path: true, kind: true, type: true, tags: true }).parse(JSON.parse(line)));
    const imported = rules.filter((rule) => rule.ruleset === 'imported').map((rule) => [rule.path, rule.kind, rule.type]);
    assert.deepEqual(imported.sort(), [
      ['rules-threat-hunting/linux/lnx_sshd_root_failures_burst.yml', 'correlation', 'event_count'],
      ['rules/linux/builtin/sshd/lnx_sshd_root_password_failed.yml', 'detection', 'detection'],
      ['rules/linux/builtin/sudo/lnx_sudo_shell_as_root.yml', 'detection', 'detection'],
    ]);
    assert.ok(
      rules.some((rule) => rule.ruleset === 'logwarden'),
      'the shipped pack is listed too',
    );
  });

  test('rules hunt finds the failures stored before the import, printed as `logwarden detections` does', async () => {
    const plain = await cli(['rules', 'hunt', ROOT_FAILED, '--from', 'now-1h', '--format', 'ndjson']);
    assert.equal(plain.code, 0, plain.stderr);
    const detections = plain.stdout
      .trimEnd()
      .split('\n')
      .map((line) => huntDetection.parse(JSON.parse(line)));
    assert.equal(detections.length, 5);
    const failures = await search(`message:"Failed password for root"`);
    assert.deepEqual(detections.map((detection) => detection.events[0]).sort(), failures.events.map((event) => Number(event['event.sequence'])).sort());
    assert.match(plain.stderr, /5 detections from 5 matching events/);
    // A rule file is sent as text, compiled by the server and hunted without being kept.
    const file = await cli(['rules', 'hunt', path.join(FIXTURE, 'rules/linux/builtin/sshd/lnx_sshd_root_password_failed.yml'), '--from', 'now-1h', '--format', 'ndjson']);
    assert.equal(file.code, 0, file.stderr);
    assert.deepEqual(
      file.stdout
        .trimEnd()
        .split('\n')
        .map((line) => huntDetection.parse(JSON.parse(line)).id),
      detections.map((detection) => detection.id),
      'the same rule text gives the same detection ids',
    );

    const burst = await cli(['rules', 'hunt', 'Repeated SSH Root Password Failures From One Address', '--from', 'now-1h', '--format', 'ndjson']);
    assert.equal(burst.code, 0, burst.stderr);
    const fired = burst.stdout
      .trimEnd()
      .split('\n')
      .map((line) => huntDetection.parse(JSON.parse(line)))
      .filter((detection) => detection.rule.id === ROOT_BURST);
    assert.equal(fired.length, 1);
    assert.deepEqual(fired[0]?.group, { 'source.ip': ATTACKER });
    assert.equal(fired[0]?.events.length, 3);

    const table = await cli(['rules', 'hunt', ROOT_BURST, '--from', 'now-1h']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^TIME +LEVEL +RULE +SYSTEMS +GROUP/);
    assert.match(table.stdout, new RegExp(`source\\.ip=${ATTACKER.replaceAll('.', '\\.')}`));
  });

  test('rules hunt of an unknown rule names LW_RULE_UNKNOWN', async () => {
    const result = await cli(['rules', 'hunt', 'no such rule', '--from', 'now-1h']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /LW_RULE_UNKNOWN/);
  });

  test('rules test with a rule file works offline: which lines match and why', async () => {
    const events = await eventsFile();
    // No --server: a closed port would fail a command that needed one.
    const result = await runCli(['rules', 'test', path.join(FIXTURE, 'rules/linux/builtin/sshd/lnx_sshd_root_password_failed.yml'), '--events', events, '--server', '127.0.0.1:9']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^tested "Failed SSH Password For Root" \(5d0f3e0a-[^)]+\) on 3 events: 2 matches, 2 detections$/m);
    assert.match(result.stdout, /^event 1: matches "Failed SSH Password For Root" by selection: event\.outcome=failure event\.reason=password user\.name=root$/m);
    assert.match(result.stdout, /^event 3: matches/m);
    assert.doesNotMatch(result.stdout, /^event 2:/m);
  });

  test('rules test with a loaded rule’s id asks the server, and answers the same', async () => {
    const events = await eventsFile();
    const offline = await runCli(['rules', 'test', path.join(FIXTURE, 'rules/linux/builtin/sshd/lnx_sshd_root_password_failed.yml'), '--events', events, '--format', 'json']);
    const online = await cli(['rules', 'test', ROOT_FAILED, '--events', events, '--format', 'json']);
    assert.equal(online.code, 0, online.stderr);
    const shape = (stdout: string) => {
      const result = testResponse.parse(JSON.parse(stdout));
      return { events: result.events, matches: result.matches.map((match) => [match.sequence, match.searches, match.values]), evidence: result.detections.map((d) => d.events) };
    };
    assert.deepEqual(shape(online.stdout), shape(offline.stdout));
    assert.equal(shape(online.stdout).matches.length, 2);
  });

  test('a read token cannot import', async () => {
    const created = await fetch(`${server.httpUrl}/api/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'analyst', role: 'reader' }),
    });
    const reader = createTokenResponse.parse(await created.json()).token;
    const result = await runCli(['rules', 'import', FIXTURE, '--server', server.httpUrl], { LOGWARDEN_TOKEN: reader });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /LW_AUTH_FORBIDDEN/);
  });
});
