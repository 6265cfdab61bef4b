// The latest signed checkpoints: size, root hash, when, which key signed; the newest one's note.
import type { CheckpointsResponse } from '../../../contracts/integrity.ts';
import { api } from '../../api.ts';
import { Busy, ErrorNotice } from '../../components/notice.tsx';
import { useAnswer } from '../../components/use-answer.ts';
import { formatCount, formatTime } from '../../format.ts';

const HISTORY = 10;

export function CheckpointList() {
  const answer = useAnswer((signal) => api<CheckpointsResponse>('GET', '/api/v1/ledger/checkpoints', { query: { limit: HISTORY }, signal }));
  const latest = answer.data?.checkpoints[0];
  return (
    <section class="integrity-section" aria-labelledby="checkpoints-heading">
      <div class="integrity-section-head">
        <h2 id="checkpoints-heading">Signed checkpoints</h2>
        <button type="button" class="secondary" onClick={answer.reload}>
          Refresh
        </button>
      </div>
      <ErrorNotice error={answer.error} />
      {answer.loading && !answer.data ? <Busy /> : null}
      {answer.data ? (
        <>
          <p class="muted">
            Log <code>{answer.data.origin}</code>; the {Math.min(HISTORY, answer.data.checkpoints.length)} newest, newest first.
          </p>
          <table class="checkpoints">
            <thead>
              <tr>
                <th scope="col">Size</th>
                <th scope="col">Signed</th>
                <th scope="col">Root hash</th>
                <th scope="col">Key</th>
              </tr>
            </thead>
            <tbody>
              {answer.data.checkpoints.map((checkpoint) => (
                <tr key={`${checkpoint.size}-${checkpoint.time}`}>
                  <td class="num">{formatCount(checkpoint.size)}</td>
                  <td>{formatTime(checkpoint.time)}</td>
                  <td>
                    <code class="hash">{checkpoint.rootHash}</code>
                  </td>
                  <td>
                    <code>{checkpoint.signedBy.join(', ')}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {latest ? (
            <details>
              <summary>The latest checkpoint as signed (C2SP note)</summary>
              <pre class="note">{latest.note}</pre>
            </details>
          ) : (
            <p class="muted">No checkpoint has been signed yet.</p>
          )}
        </>
      ) : null}
    </section>
  );
}
