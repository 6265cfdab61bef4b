// `logwarden parse` as a user runs it (the real CLI, no server): the stored event as JSON, the
// explanation as text and as JSON, lines from stdin one answer each (R-EVENTS-1).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { parseExplanation } from '../contracts/parse-explain.ts';
import { formatExplanation } from './parse-command.ts';

const MAIN = path.resolve(import.meta.dirname, 'main.ts');
const LINE = '<38>Mar  7 10:00:00 web1 nosuchprogram[1234]: Failed password for root from 192.0.2.7 port 50022 ssh2';

function run(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

test('parse LINE prints the event as it would be stored; event.original is the line', async () => {
  const result = await run(['parse', LINE]);
  assert.equal(result.code, 0, result.stderr);
  const event = JSON.parse(result.stdout) as Record<string, unknown>;
  assert.equal(event['event.original'], LINE);
  assert.equal(event['host.name'], 'web1');
  assert.equal(event['message'], 'Failed password for root from 192.0.2.7 port 50022 ssh2');
});

test('parse --explain says no parser recognised it, why, and the normalised fields around it', async () => {
  const result = await run(['parse', '--explain', LINE]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^no parser recognised this line; it is stored as normalised \(read as a syslog line\)\n/);
  assert.match(result.stdout, /\nwhy: (program 'nosuchprogram' has no parser; parsers for programs: |the parser table is empty)/);
  assert.match(result.stdout, /\n {2}log\.syslog\.appname +nosuchprogram\n/);
  assert.match(result.stdout, /\n {2}host\.name +web1\n/);
});

test('parse --explain --format json - : one explanation per stdin line, a refused line named on stderr and exit 1', async () => {
  const lines = [LINE, '{"message":"hello","process":{"name":"nosuchprogram"}}', 'x'.repeat(70_000), ''];
  const result = await run(['parse', '--explain', '--format', 'json', '-'], lines.join('\n'));
  assert.equal(result.code, 1);
  const answers = result.stdout
    .trim()
    .split('\n')
    .map((line) => parseExplanation.parse(JSON.parse(line)));
  assert.deepEqual(
    answers.map((answer) => [answer.input, answer.program, answer.recognised]),
    [
      ['syslog', 'nosuchprogram', false],
      ['json', 'nosuchprogram', false],
    ],
  );
  assert.match(result.stderr, /^line 3: LW_INGEST_TOO_LARGE: the line is 70000 bytes/);
});

test('the text form of a recognised line lists each field set and the problems', () => {
  const text = formatExplanation({
    input: 'message',
    program: 'demo',
    recognised: true,
    parser: 'demo',
    rule: 'failed',
    fieldsSet: { 'user.name': 'alice', 'source.port': 22, 'event.category': ['authentication'] },
    problems: ['source.ip: expected an IP address, found "x" (kept as label)'],
    normalised: { 'log.syslog.appname': 'demo', message: 'Failed login' },
    event: {},
  });
  assert.equal(
    text,
    [
      "parser demo, rule failed (read as a bare message of program 'demo')",
      'fields set:',
      '  user.name       alice',
      '  source.port     22',
      '  event.category  ["authentication"]',
      'problems (the event is flagged parser_error):',
      '  source.ip: expected an IP address, found "x" (kept as label)',
      "normalised, before the parsers (program 'demo'):",
      '  log.syslog.appname  demo',
      '  message             Failed login',
    ].join('\n'),
  );
});
