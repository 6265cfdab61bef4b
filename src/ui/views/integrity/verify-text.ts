// How a verify job reads to a person: its result in one sentence, the first problem named by its
// record, and its progress. Pure (verify-text.test.ts).
import type { VerifyJobContract } from '../../../contracts/integrity.ts';
import { formatCount } from '../../format.ts';

/** `verified 120 records, no problems`, or the problem count and the first bad record. */
export function resultSentence(job: VerifyJobContract): string {
  if (job.state === 'running') return progressSentence(job);
  if (job.state === 'failed' || job.report === undefined) return `the verify could not finish: ${job.error ?? 'unknown error'}`;
  const { report } = job;
  const records = `${formatCount(report.records)} record${report.records === 1 ? '' : 's'}`;
  if (report.ok) return `verified ${records}, no problems`;
  const problems = `${formatCount(report.problemCount)} problem${report.problemCount === 1 ? '' : 's'}`;
  return `${problems} in ${records}`;
}

/** The first problem: `record 17 (changed): record 17 was changed: …`. */
export function firstProblem(job: VerifyJobContract): string | undefined {
  const first = job.report?.problems[0];
  if (!first) return undefined;
  const where = first.seq === undefined ? (first.size === undefined ? 'a checkpoint' : `the checkpoint of size ${first.size}`) : `record ${first.seq}`;
  return `${where} (${first.kind}): ${first.message}`;
}

/** `checked 1,048,576 of 3,000,000 records`, or that it is starting. */
export function progressSentence(job: Pick<VerifyJobContract, 'checked' | 'total'>): string {
  if (job.total === 0) return 'verifying: reading the checkpoints and counting the records…';
  return `verifying: checked ${formatCount(job.checked)} of ${formatCount(job.total)} records`;
}
