// Verify jobs (verify-jobs.ts): one at a time, progress while running, the result kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../runtime/clock.ts';
import type { VerifyReport } from './verify.ts';
import { KEPT_JOBS, VerifyJobs, type VerifyJob, type VerifyRun } from './verify-jobs.ts';

const REPORT: VerifyReport = { ok: true, records: 10, checkpointsChecked: 2, verifiedSize: 10, problems: [], problemCount: 0, summary: [], seconds: 0.01 };

/** A run that reports progress when told and ends when released. */
function controlledRun(): { run: VerifyRun; progress(checked: number, total: number): void; finish(report?: VerifyReport): void; fail(error: Error): void; started: Promise<void> } {
  let resolve: (value: VerifyReport) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  let onProgress: (checked: number, total: number) => void = () => undefined;
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((done) => (markStarted = done));
  return {
    run: (progress) => {
      onProgress = progress;
      markStarted();
      return new Promise<VerifyReport>((ok, no) => {
        resolve = ok;
        reject = no;
      });
    },
    progress: (checked, total) => onProgress(checked, total),
    finish: (value = REPORT) => resolve(value),
    fail: (error) => reject(error),
    started,
  };
}

test('R-TAMPER-1: a job runs in the background, shows its progress, and keeps its report when done', async () => {
  const control = controlledRun();
  const finished: VerifyJob[] = [];
  const jobs = new VerifyJobs({ run: control.run, clock: new ManualClock(Date.parse('2026-12-02T10:00:00Z')), onFinish: (job) => void finished.push(job) });
  const { job, started } = jobs.start('ada');
  assert.equal(started, true);
  assert.equal(job.state, 'running');
  assert.equal(job.startedBy, 'ada');
  assert.equal(job.startedAt, '2026-12-02T10:00:00.000Z');
  await control.started;
  control.progress(4, 10);
  assert.deepEqual([jobs.get(job.id)?.checked, jobs.get(job.id)?.total], [4, 10]);
  assert.equal(jobs.running?.id, job.id);
  assert.equal(jobs.last?.id, undefined, 'nothing finished yet');
  control.finish();
  await jobs.settled();
  const done = jobs.get(job.id);
  assert.equal(done?.state, 'done');
  assert.deepEqual(done?.report, REPORT);
  assert.equal(done?.checked, 10);
  assert.equal(done?.finishedAt, '2026-12-02T10:00:00.000Z');
  assert.equal(jobs.running?.id, undefined);
  assert.equal(jobs.last?.id, job.id);
  assert.deepEqual(
    finished.map((one) => one.state),
    ['done'],
  );
});

test('R-TAMPER-1: one job at a time: a second start answers the running job; after it ends a new one starts', async () => {
  const control = controlledRun();
  const jobs = new VerifyJobs({ run: control.run, clock: new ManualClock(0) });
  const first = jobs.start('ada');
  const second = jobs.start('bob');
  assert.equal(second.started, false);
  assert.equal(second.job.id, first.job.id);
  assert.equal(second.job.startedBy, 'ada', 'the running job is answered, not a new one');
  await control.started;
  control.finish();
  await jobs.settled();
  const third = jobs.start('bob');
  assert.equal(third.started, true);
  assert.notEqual(third.job.id, first.job.id);
});

test('a run that throws ends the job failed with the reason; the job before stays the last done', async () => {
  const control = controlledRun();
  const jobs = new VerifyJobs({ run: control.run, clock: new ManualClock(0) });
  const { job } = jobs.start('ada');
  await control.started;
  control.fail(new Error('the engine went away'));
  await jobs.settled();
  assert.equal(jobs.get(job.id)?.state, 'failed');
  assert.equal(jobs.get(job.id)?.error, 'the engine went away');
  assert.equal(jobs.get(job.id)?.report, undefined);
  assert.equal(jobs.last?.id, job.id, 'a failed run is a finished one');
});

test(`only the newest ${KEPT_JOBS} jobs are kept`, async () => {
  const jobs = new VerifyJobs({ run: async () => REPORT, clock: new ManualClock(0) });
  const ids: string[] = [];
  for (let index = 0; index < KEPT_JOBS + 3; index++) {
    ids.push(jobs.start('ada').job.id);
    await jobs.settled();
  }
  assert.equal(jobs.get(ids[0] as string), undefined);
  assert.equal(jobs.get(ids[2] as string), undefined);
  assert.equal(jobs.get(ids[3] as string)?.state, 'done');
  assert.equal(jobs.last?.id, ids.at(-1));
});
