// The verify job the view follows: the running one (found at load, or just started) polled about
// every 500 ms until it ends, then kept as the last result. Starting while another runs follows
// that one (the server answers it).
import { useEffect, useState } from 'preact/hooks';
import type { VerifyJobContract, VerifyJobsResponse } from '../../../contracts/integrity.ts';
import { api } from '../../api.ts';

export const POLL_MS = 500;

export interface VerifyJobState {
  readonly running: VerifyJobContract | undefined;
  readonly last: VerifyJobContract | undefined;
  readonly error: unknown;
  readonly loaded: boolean;
  start(): void;
}

export function useVerifyJob(): VerifyJobState {
  const [running, setRunning] = useState<VerifyJobContract | undefined>(undefined);
  const [last, setLast] = useState<VerifyJobContract | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loaded, setLoaded] = useState(false);

  const follow = (job: VerifyJobContract) => {
    if (job.state === 'running') setRunning(job);
    else {
      setRunning(undefined);
      setLast(job);
    }
  };

  useEffect(() => {
    const controller = new AbortController();
    api<VerifyJobsResponse>('GET', '/api/v1/ledger/verify-jobs', { signal: controller.signal }).then(
      (answer) => {
        if (answer.last) setLast(answer.last);
        if (answer.running) setRunning(answer.running);
        setLoaded(true);
      },
      (failure: unknown) => {
        if (!controller.signal.aborted) setError(failure);
        setLoaded(true);
      },
    );
    return () => controller.abort();
  }, []);

  const runningId = running?.id;
  useEffect(() => {
    if (runningId === undefined) return undefined;
    const controller = new AbortController();
    const timer = setInterval(() => {
      api<VerifyJobContract>('GET', `/api/v1/ledger/verify-jobs/${encodeURIComponent(runningId)}`, { signal: controller.signal }).then(follow, (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure);
        setRunning(undefined);
      });
    }, POLL_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [runningId]);

  const start = () => {
    setError(undefined);
    api<VerifyJobContract>('POST', '/api/v1/ledger/verify-jobs').then(follow, setError);
  };

  return { running, last, error, loaded, start };
}
