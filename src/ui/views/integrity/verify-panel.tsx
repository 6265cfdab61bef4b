// The verify part of the Integrity view: the last result (when, by whom, the result, the first
// problem), the progress of a running verify, and — for a caller with integrity.verify — the
// "Run verify" button that starts one in the server.
import type { VerifyJobContract } from '../../../contracts/integrity.ts';
import { Busy, ErrorNotice, Progress } from '../../components/notice.tsx';
import { formatTime } from '../../format.ts';
import { can } from '../../session.ts';
import { useVerifyJob } from './use-verify-job.ts';
import { firstProblem, progressSentence, resultSentence } from './verify-text.ts';

export function VerifyPanel() {
  const verify = useVerifyJob();
  const mayRun = can('integrity.verify');
  return (
    <section class="integrity-section" aria-labelledby="verify-heading">
      <div class="integrity-section-head">
        <h2 id="verify-heading">Verify</h2>
        {mayRun ? (
          <button type="button" onClick={verify.start} disabled={verify.running !== undefined}>
            Run verify
          </button>
        ) : null}
      </div>
      <p class="muted">
        Recomputes every record's leaf hash, rebuilds the Merkle tree and checks it against every signed checkpoint (the database's and the transparency file's), as <code>logwarden verify</code> does.
      </p>
      <ErrorNotice error={verify.error} />
      {verify.running ? <Progress label={progressSentence(verify.running)} {...(verify.running.total > 0 ? { value: verify.running.checked, max: verify.running.total } : {})} /> : null}
      {verify.loaded ? <LastResult job={verify.last} /> : <Busy />}
    </section>
  );
}

function LastResult({ job }: { job: VerifyJobContract | undefined }) {
  if (!job) return <p class="muted">No verify has run since the server started.</p>;
  const ok = job.state === 'done' && job.report?.ok === true;
  const problem = firstProblem(job);
  return (
    <div class={`verify-result ${ok ? 'verify-ok' : 'verify-bad'}`} role="status" aria-label="Last verify result">
      <p class="verify-sentence">{resultSentence(job)}</p>
      {problem ? (
        <p>
          First problem: <span class="verify-problem">{problem}</span>
        </p>
      ) : null}
      <dl class="integrity-facts">
        <dt>Started</dt>
        <dd>
          {formatTime(job.startedAt)} by {job.startedBy}
        </dd>
        {job.finishedAt ? (
          <>
            <dt>Finished</dt>
            <dd>{formatTime(job.finishedAt)}</dd>
          </>
        ) : null}
        {job.report ? (
          <>
            <dt>Checkpoints checked</dt>
            <dd>
              {job.report.checkpointsChecked}; verified up to size {job.report.verifiedSize}, in {job.report.seconds.toFixed(2)} s
            </dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
