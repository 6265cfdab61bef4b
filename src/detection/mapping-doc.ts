// docs/detection.md's "Field mapping" tables, rendered from the one table (mapping.ts) so the page
// cannot drift from what the loader does; mapping-doc.test.ts keeps them in step. Run this file
// (`node src/detection/mapping-doc.ts`) to rewrite the block in docs/detection.md.
import { docBlock, rewriteDocBlock } from '../runtime/doc-block.ts';
import type { FieldGroup, LogsourceRow, RouteTerm } from './mapping.ts';
import { FIELD_GROUPS, GENERIC, LOGSOURCES } from './mapping.ts';

export const MAPPING_BEGIN = '<!-- mapping:begin -->';
export const MAPPING_END = '<!-- mapping:end -->';

const code = (text: string | number): string => `\`${String(text).replaceAll('|', '\\|')}\``;

function termText(term: RouteTerm): string {
  return Object.entries(term)
    .map(([field, values]) => {
      const list = Array.isArray(values) ? values : [values];
      const shown = list.map((value: string | number) => (typeof value === 'string' && value.endsWith('*') ? `${code(value.slice(0, -1))}…` : code(value)));
      return `${code(field)} ${list.length === 1 ? '=' : 'in'} ${shown.join(', ')}`;
    })
    .join(' and ');
}

function rowLine(row: LogsourceRow): string {
  const route = row.route.length === 0 ? 'every event' : row.route.map(termText).join('; or ');
  const groups = [...row.groups, GENERIC].map((group) => group.name).join(', ');
  return `| ${row.product ?? ''} | ${row.category ?? ''} | ${row.service ?? ''} | ${route} | ${groups} | ${row.note} |`;
}

function groupLines(group: FieldGroup): string[] {
  const lines = [`**${group.name}**: ${group.about}.`, '', '| Sigma field | ECS field |', '| --- | --- |'];
  for (const [sigma, ecs] of Object.entries(group.fields)) lines.push(`| ${code(sigma)} | ${code(ecs)} |`);
  return [...lines, ''];
}

/** The generated block, markers included. */
export function renderMappingDoc(): string {
  const lines = [MAPPING_BEGIN, '<!-- Generated from src/detection/mapping.ts by `node src/detection/mapping-doc.ts`; do not edit by hand. -->', ''];
  lines.push('| product | category | service | events (route) | field groups | why |', '| --- | --- | --- | --- | --- | --- |');
  lines.push(...LOGSOURCES.map(rowLine), '');
  for (const group of FIELD_GROUPS) lines.push(...groupLines(group));
  lines.push(MAPPING_END);
  return lines.join('\n');
}

/** The block as it stands in a page, markers included; undefined without markers. */
export function mappingBlock(page: string): string | undefined {
  return docBlock(page, MAPPING_BEGIN, MAPPING_END);
}

if (import.meta.main) await rewriteDocBlock(new URL('../../docs/detection.md', import.meta.url), { begin: MAPPING_BEGIN, end: MAPPING_END }, renderMappingDoc());
