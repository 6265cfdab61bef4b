// Everything a user reads is in the repository: every relative link in README.md and docs/
// resolves to a file of the checkout (and a `#fragment` to a heading of that file), and no text
// points at a path outside it (R-CONFIG-1: the documented procedures are under version control).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/server.ts';

function markdownFiles(): string[] {
  const docs = readdirSync(path.join(ROOT, 'docs'), { recursive: true })
    .map((file) => path.join('docs', String(file)))
    .filter((file) => file.endsWith('.md'));
  return ['README.md', ...docs];
}

/** The text outside fenced code blocks, with inline code spans kept apart. */
function prose(text: string): { body: string; codeSpans: string[] } {
  const body = text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  const codeSpans = [...body.matchAll(/`([^`\n]+)`/g)].map((match) => match[1] as string);
  return { body: body.replace(/`[^`\n]+`/g, ''), codeSpans };
}

function linkTargets(body: string): string[] {
  const inline = [...body.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1] as string);
  const reference = [...body.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((match) => match[1] as string);
  return [...inline, ...reference];
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const match of prose(text.replace(/`/g, '')).body.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = (match[1] as string)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

const isExternal = (target: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(target);

test('every relative link in README.md and docs/ resolves to a file (and heading) in the repository', () => {
  const broken: string[] = [];
  for (const file of markdownFiles()) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    for (const target of linkTargets(prose(text).body)) {
      if (isExternal(target)) continue;
      const [pathPart = '', fragment] = target.split('#');
      const resolved = pathPart === '' ? path.join(ROOT, file) : path.resolve(ROOT, path.dirname(file), decodeURIComponent(pathPart));
      const where = `${file}: (${target})`;
      if (path.relative(ROOT, resolved).startsWith('..')) broken.push(`${where} points outside the repository`);
      else if (!existsSync(resolved)) broken.push(`${where} names a file that does not exist`);
      else if (fragment !== undefined && resolved.endsWith('.md') && statSync(resolved).isFile() && !anchors(readFileSync(resolved, 'utf8')).has(fragment)) {
        broken.push(`${where} names a heading that ${path.relative(ROOT, resolved)} does not have`);
      }
    }
  }
  assert.deepEqual(broken, []);
});

test('no text in README.md or docs/ names a ../ path that is not a file of the repository', () => {
  const outside: string[] = [];
  for (const file of markdownFiles()) {
    for (const span of prose(readFileSync(path.join(ROOT, file), 'utf8')).codeSpans) {
      for (const candidate of span.match(/(?:\.\.\/)+[\w./-]*/g) ?? []) {
        const resolved = path.resolve(ROOT, path.dirname(file), candidate);
        if (path.relative(ROOT, resolved).startsWith('..') || !existsSync(resolved)) outside.push(`${file}: \`${span}\``);
      }
    }
  }
  assert.deepEqual(outside, []);
});

test('the checker sees links: it finds the docs index links and rejects a made-up one', () => {
  const readme = prose(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).body;
  assert.ok(linkTargets(readme).includes('docs/ledger.md'));
  assert.deepEqual(linkTargets('see [x](../shared/REQUIREMENTS.md) and [y](a.md#b "t")'), ['../shared/REQUIREMENTS.md', 'a.md#b']);
  assert.ok(anchors('## OTLP logs (`POST /v1/logs`)\n## Elasticsearch-compatible `_bulk`\n').has('otlp-logs-post-v1logs'));
  assert.ok(anchors('## Elasticsearch-compatible `_bulk`\n').has('elasticsearch-compatible-_bulk'));
});
