// The prefilter must actually rule rules out (the property test in matcher.test.ts only shows it
// never rules out too many): which rules are candidates for an event, by route, exact value,
// integer, needle, an `or` of them, and what it cannot index.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Predicate } from '../../query/predicate.ts';
import type { LogEvent } from '../../schema/event.ts';
import { guardOf } from './guard.ts';
import { sel } from './matcher.fixtures.ts';
import { Prefilter } from './prefilter.ts';

const eq = (name: string, value: string, cased = true): Predicate => ({ op: 'substring', field: sel(name), at: 'equals', value, cased });
const has = (name: string, value: string): Predicate => ({ op: 'substring', field: sel(name), at: 'contains', value, cased: false });
const port = (value: number): Predicate => ({ op: 'compare', field: sel('destination.port'), cmp: '=', value, time: false });
const and = (...children: Predicate[]): Predicate => ({ op: 'and', children });
const or = (...children: Predicate[]): Predicate => ({ op: 'or', children });

const RULES: Predicate[] = [
  /* 0 */ and(eq('event.dataset', 'sshd'), has('message', 'invalid user')),
  /* 1 */ and(eq('event.dataset', 'sudo'), eq('user.name', 'ROOT', false)),
  /* 2 */ or(has('message', 'mimikatz'), has('user.name', 'sekurlsa')),
  /* 3 */ and(eq('event.dataset', 'kernel-firewall'), or(port(4444), port(31337))),
  /* 4 */ { op: 'regex', field: sel('message'), pattern: 'x+', cased: true },
  /* 5 */ and(eq('event.dataset', 'sshd'), { op: 'not', child: has('message', 'accepted') }),
  /* 6 */ or(and(eq('event.dataset', 'nginx.access'), has('message', 'union select')), and(eq('event.dataset', 'apache.access'), has('message', 'union select'))),
  /* 7 */ and(has('message', 'x'), { op: 'const', value: false }),
  /* 8 */ and(
    or(
      and(eq('event.dataset', 'auditd'), eq('event.code', 'EXECVE')),
      and(eq('event.dataset', 'sudo'), eq('event.action', 'sudo-command')),
      and(eq('event.dataset', 'cron'), eq('event.action', 'cron-command')),
    ),
    or(...['base64', 'chmod', 'nohup', 'wget -q', 'curl -s', 'xmrig', 'socat', 'mkfifo', 'shred', 'insmod'].map((text) => has('process.command_line', text))),
  ),
];

const prefilter = new Prefilter(RULES.map(guardOf));
const candidates = (event: LogEvent): number[] => [...prefilter.candidates(event)];

describe('Prefilter', () => {
  it('tries a rule only on events its route, exact values, integers and literals admit', () => {
    assert.deepEqual(candidates({ 'event.dataset': 'sshd', message: 'Accepted publickey for alice' }), [4, 5]);
    assert.deepEqual(candidates({ 'event.dataset': 'sshd', message: 'Invalid user admin from 10.0.0.1' }), [0, 4, 5]);
    assert.deepEqual(candidates({ 'event.dataset': 'sudo', 'user.name': 'root', message: '' }), [1, 4]);
    assert.deepEqual(candidates({ 'event.dataset': 'sudo', 'user.name': 'alice', message: 'ran MimiKatz' }), [2, 4]);
    assert.deepEqual(candidates({ 'event.dataset': 'kernel-firewall', 'destination.port': 31337, message: '' }), [3, 4]);
    assert.deepEqual(candidates({ 'event.dataset': 'kernel-firewall', 'destination.port': 443, message: '' }), [4]);
  });

  it('reads an or of routes as either route with its literal, and never tries a rule that is false', () => {
    assert.deepEqual(candidates({ 'event.dataset': 'apache.access', message: 'GET /?q=1 UNION SELECT' }), [4, 6]);
    assert.deepEqual(candidates({ 'event.dataset': 'apache.access', message: 'GET /' }), [4]);
    assert.deepEqual(candidates({ 'event.dataset': 'sudo', message: 'union select x' }), [4]);
  });

  it('keeps a route spelled several ways and the literal beside it: both must hold', () => {
    const execve = { 'event.dataset': 'auditd', 'event.code': 'EXECVE', message: '' };
    assert.deepEqual(candidates({ ...execve, 'process.command_line': 'echo aGk= | base64 -d | sh' }), [4, 8]);
    assert.deepEqual(candidates({ ...execve, 'process.command_line': '/usr/bin/ls -la' }), [4]);
    assert.deepEqual(candidates({ 'event.dataset': 'nginx.access', 'process.command_line': 'base64 -d', message: '' }), [4]);
  });

  it('counts what it indexes and what it cannot', () => {
    assert.deepEqual(prefilter.stats, { rules: 9, alwaysTried: 1, eqProbes: 5, needleProbes: 3, needles: 14, anchorProbes: 7 });
  });
});
