// The transparency file: where it is on the server, its size, its latest lines and a download
// of the whole file (to publish or mirror it, and to check the store against it later).
import type { TransparencyTailResponse } from '../../../contracts/integrity.ts';
import { api } from '../../api.ts';
import { Busy, ErrorNotice } from '../../components/notice.tsx';
import { useAnswer } from '../../components/use-answer.ts';
import { formatBytes } from '../../format.ts';

const LINES = 30;

/** The tail from the first whole note on: a cut note's last lines would read as a broken one. */
export function wholeNotes(lines: readonly string[]): readonly string[] {
  if (lines.length < LINES) return lines; // the whole file
  const blank = lines.findIndex((line, index) => line === '' && index > 0 && lines[index - 1]?.startsWith('\u2014 '));
  return blank < 0 ? lines : lines.slice(blank + 1);
}

export function TransparencyFile() {
  const answer = useAnswer((signal) => api<TransparencyTailResponse>('GET', '/api/v1/ledger/transparency-file/tail', { query: { lines: LINES }, signal }));
  return (
    <section class="integrity-section" aria-labelledby="transparency-heading">
      <div class="integrity-section-head">
        <h2 id="transparency-heading">Transparency file</h2>
        <a class="button secondary" href="/api/v1/ledger/transparency-file" download="checkpoints">
          Download the transparency file
        </a>
      </div>
      <ErrorNotice error={answer.error} />
      {answer.loading && !answer.data ? <Busy /> : null}
      {answer.data ? (
        <>
          <dl class="integrity-facts">
            <dt>On the server</dt>
            <dd>
              <code>{answer.data.path}</code>
            </dd>
            <dt>Size</dt>
            <dd>{formatBytes(answer.data.bytes)}</dd>
          </dl>
          <pre class="note" tabIndex={0} aria-label="The transparency file’s latest lines">
            {wholeNotes(answer.data.lines).join('\n')}
          </pre>
        </>
      ) : null}
    </section>
  );
}
