// `npm run docs:parsers`: rewrites the generated block of docs/parsers.md (between
// `<!-- parsers:begin -->` and `<!-- parsers:end -->`) from the parser table and the fixtures, and
// leaves every other line of the page as it is. src/parsers/docs.test.ts fails until it is run after
// a parser or a fixture changes. Runs on Node 24 (npm scripts do), which loads the .ts sources.
import { readFile, writeFile } from 'node:fs/promises';
import { renderParsersDoc, replaceGeneratedBlock } from '../src/parsers/doc.ts';
import { ALL_FIXTURES } from '../src/parsers/all-fixtures.fixtures.ts';
import { PARSERS } from '../src/parsers/table.ts';

const file = new URL('../docs/parsers.md', import.meta.url);
const document = await readFile(file, 'utf8');
const updated = replaceGeneratedBlock(document, renderParsersDoc(PARSERS, ALL_FIXTURES));
if (updated === undefined) {
  process.stderr.write('docs/parsers.md has no <!-- parsers:begin --> … <!-- parsers:end --> block to rewrite\n');
  process.exit(1);
}
if (updated === document) process.stdout.write('docs/parsers.md is up to date\n');
else {
  await writeFile(file, updated);
  process.stdout.write(`docs/parsers.md: generated block rewritten (${PARSERS.length} parsers)\n`);
}
