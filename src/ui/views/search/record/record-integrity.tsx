// "Integrity": the record's inclusion proof (GET /api/v1/ledger/proof/inclusion) and the log's keys
// (GET /api/v1/ledger/keys), checked here in the browser (proof-check.ts) rather than taken on the
// server's word, and the evidence to download. Not shown to a masked viewer, whom the server
// refuses proofs anyway (a leaf hash would confirm guesses at masked values).
import { useSignal } from '@preact/signals';
import { api, ApiError, apiText } from '../../../api.ts';
import { ErrorNotice, Progress } from '../../../components/notice.tsx';
import { download, evidenceFile } from './evidence-file.ts';
import { checkProof, type Evidence, type LedgerKeys, type ProofCheck, type ProofStep } from './proof-check.ts';

type IntegrityState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'checking' }
  | { readonly kind: 'checked'; readonly evidence: Evidence; readonly keys: LedgerKeys; readonly check: ProofCheck }
  | { readonly kind: 'failed'; readonly error: unknown };

const STEP_NAMES: Record<ProofStep, string> = {
  record: 'the record is the one the proof is for',
  leaf: 'the record’s leaf hash',
  keys: 'the log’s verifier keys',
  signature: 'the checkpoint’s signature',
  checkpoint: 'the checkpoint’s log and size',
  proof: 'the inclusion proof',
  root: 'the proof leads to the signed root',
};

async function fetchAndCheck(seq: number): Promise<IntegrityState> {
  const [evidence, keys] = await Promise.all([api<Evidence>('GET', '/api/v1/ledger/proof/inclusion', { query: { seq } }), api<LedgerKeys>('GET', '/api/v1/ledger/keys')]);
  // A proof at the latest size carries its checkpoint; should it not, the latest one is that size's.
  const complete = evidence.checkpoint === '' ? { ...evidence, checkpoint: await apiText('/api/v1/ledger/checkpoint') } : evidence;
  return { kind: 'checked', evidence: complete, keys, check: await checkProof(complete, keys) };
}

export function RecordIntegrity({ seq }: { seq: number }) {
  const state = useSignal<IntegrityState>({ kind: 'idle' });
  const run = async () => {
    state.value = { kind: 'checking' };
    try {
      state.value = await fetchAndCheck(seq);
    } catch (error) {
      state.value = { kind: 'failed', error };
    }
  };
  const current = state.value;
  return (
    <section class="record-section" aria-labelledby="record-integrity-heading">
      <h3 id="record-integrity-heading">Integrity</h3>
      <p class="muted">Checks in this browser that the record is in the signed ledger: its leaf hash, the proof up to the checkpoint’s root, and the checkpoint’s Ed25519 signature.</p>
      <button type="button" onClick={() => void run()} disabled={current.kind === 'checking'}>
        {current.kind === 'checked' ? 'Check the proof again' : 'Check the proof'}
      </button>
      {current.kind === 'checking' ? <Progress label="Fetching and checking the proof…" /> : null}
      {current.kind === 'failed' ? <IntegrityError error={current.error} /> : null}
      {current.kind === 'checked' ? <CheckResult state={current} /> : null}
    </section>
  );
}

function IntegrityError({ error }: { error: unknown }) {
  if (error instanceof ApiError && error.code === 'LW_UNAVAILABLE') {
    return (
      <p class="notice" role="status">
        Not yet covered by a signed checkpoint: {error.message}
      </p>
    );
  }
  return <ErrorNotice error={error} />;
}

function CheckResult({ state }: { state: Extract<IntegrityState, { kind: 'checked' }> }) {
  const { check } = state;
  const save = () => {
    const file = evidenceFile(state.evidence, state.keys, check, new Date());
    download(file.name, file.text);
  };
  return (
    <>
      {check.ok ? (
        <p class="notice proof-ok" role="status">
          Proof checked: included in checkpoint size {check.size}, signed by <span class="mono">{check.signedBy.join(', ')}</span>
        </p>
      ) : (
        <p class="notice notice-error" role="alert">
          Proof check failed at {STEP_NAMES[check.step]}: {check.reason}
        </p>
      )}
      <button type="button" onClick={save}>
        Download evidence
      </button>
    </>
  );
}
