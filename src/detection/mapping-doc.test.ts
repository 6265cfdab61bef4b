// docs/detection.md's field mapping is the table the loader uses, rendered now (R-ANALYSE-1).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { FIELD_GROUPS, LOGSOURCES } from './mapping.ts';
import { MAPPING_BEGIN, MAPPING_END, mappingBlock, renderMappingDoc } from './mapping-doc.ts';

test('R-ANALYSE-1: the mapping block of docs/detection.md is what mapping-doc.ts renders from the table now', async () => {
  const page = await readFile(new URL('../../docs/detection.md', import.meta.url), 'utf8');
  const block = mappingBlock(page);
  assert.ok(block, `docs/detection.md needs a ${MAPPING_BEGIN} … ${MAPPING_END} block`);
  assert.equal(block, renderMappingDoc(), 'docs/detection.md is out of date with src/detection/mapping.ts: run `node src/detection/mapping-doc.ts`');
  assert.ok(page.indexOf('## Field mapping') < page.indexOf(MAPPING_BEGIN), 'the block belongs to the "Field mapping" section');
});

test('the rendered block names every logsource row and every Sigma field of every group', () => {
  const block = renderMappingDoc();
  const rows = block.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| product') && !line.startsWith('| Sigma field') && !line.startsWith('| ---'));
  const fieldCount = FIELD_GROUPS.reduce((sum, group) => sum + Object.keys(group.fields).length, 0);
  assert.equal(rows.length, LOGSOURCES.length + fieldCount);
  assert.ok(block.includes('| `cs-uri-query` | `url.original` |'));
  assert.ok(block.includes('| linux |  | sshd | `event.dataset` = `sshd`; or `process.name` = `sshd`… |'));
});
