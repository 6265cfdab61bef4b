// A hunt (POST /api/v1/rules/hunt): one loaded rule over the stored events of a range, showing the
// detections it would have made. It can run for up to search.maxQuerySeconds, so it shows
// progress and can be cancelled; cancelling drops the request (the server's query stops at its
// own time limit at the latest).
import { useRef, useState } from 'preact/hooks';
import type { HuntBody, HuntResponse, RulesListResponse } from '../../../contracts/rules.ts';
import { api } from '../../api.ts';
import { ErrorNotice, Progress } from '../../components/notice.tsx';
import { formatCount } from '../../format.ts';
import { DetectionsTable } from './detections-list.tsx';

/** Runs one hunt at a time: its answer or failure, and a cancel that aborts the request. */
function useHunt() {
  const [result, setResult] = useState<HuntResponse | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const running = useRef<AbortController | undefined>(undefined);
  const start = async (body: HuntBody) => {
    const controller = new AbortController();
    running.current = controller;
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await api<HuntResponse>('POST', '/api/v1/rules/hunt', { body, signal: controller.signal }));
    } catch (failure) {
      setError(failure);
    } finally {
      running.current = undefined;
      setBusy(false);
    }
  };
  return { result, error, busy, start, cancel: () => running.current?.abort() };
}

export function Hunt({ rules }: { rules: RulesListResponse | undefined }) {
  const [rule, setRule] = useState('');
  const [from, setFrom] = useState('now-7d');
  const [to, setTo] = useState('');
  const hunt = useHunt();
  const submit = (event: Event) => {
    event.preventDefault();
    void hunt.start({ rule: rule.trim(), from: from.trim(), ...(to.trim() === '' ? {} : { to: to.trim() }) });
  };
  return (
    <section aria-labelledby="hunt">
      <h2 id="hunt">Hunt over stored events</h2>
      <form class="filter-bar" onSubmit={submit} aria-label="Hunt">
        <label>
          Hunt rule
          <input type="text" list="hunt-rules" required value={rule} placeholder="id or title" onInput={(event) => setRule(event.currentTarget.value)} />
        </label>
        <datalist id="hunt-rules">
          {rules?.rules.map((known) => (
            <option key={known.id} value={known.title} />
          ))}
        </datalist>
        <label>
          Hunt from
          <input type="text" required value={from} onInput={(event) => setFrom(event.currentTarget.value)} />
        </label>
        <label>
          Hunt to
          <input type="text" value={to} placeholder="now" onInput={(event) => setTo(event.currentTarget.value)} />
        </label>
        <button type="submit" disabled={hunt.busy}>
          Hunt
        </button>
        {hunt.busy ? (
          <button type="button" class="secondary" onClick={hunt.cancel}>
            Cancel
          </button>
        ) : null}
      </form>
      {hunt.busy ? <Progress label="Hunting over the stored events…" /> : null}
      <ErrorNotice error={hunt.error} />
      {hunt.result ? <HuntResult result={hunt.result} /> : null}
    </section>
  );
}

function HuntResult({ result }: { result: HuntResponse }) {
  return (
    <>
      <p role="status">
        {result.rule.title}: {formatCount(result.matched)} matching events, {formatCount(result.detections.length)} detections.
      </p>
      {result.truncated ? <p class="notice">{result.truncated.message}</p> : null}
      <DetectionsTable detections={result.detections} label="Hunt detections" />
    </>
  );
}
