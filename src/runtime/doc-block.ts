// A generated block of a docs page: the text between two marker comments, written by a script
// (`node src/access/access-doc.ts`, `node src/detection/mapping-doc.ts`) from the code's own tables
// and compared by a test, so a table in the docs cannot drift from the code.
import { readFile, writeFile } from 'node:fs/promises';

/** The block as it stands in a page, markers included; undefined without markers. */
export function docBlock(page: string, begin: string, end: string): string | undefined {
  const from = page.indexOf(begin);
  const to = page.indexOf(end, from);
  return from === -1 || to === -1 ? undefined : page.slice(from, to + end.length);
}

/** Replace the page's block (markers included) with `rendered`, which starts and ends with them. */
export async function rewriteDocBlock(file: URL, markers: { begin: string; end: string }, rendered: string): Promise<void> {
  const page = await readFile(file, 'utf8');
  const block = docBlock(page, markers.begin, markers.end);
  if (block === undefined) throw new Error(`${file.pathname} has no ${markers.begin} … ${markers.end} block`);
  await writeFile(file, page.replace(block, rendered));
}
