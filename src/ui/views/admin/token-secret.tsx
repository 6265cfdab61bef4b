// The secret of a token just created, shown once: the server keeps only its hash, and the page
// keeps it only while this dialog is open (the owner drops it on close; it is never put in the
// URL, in storage or in a list). Copying uses the clipboard API; where the browser refuses, the
// text is selectable.
import { useSignal } from '@preact/signals';
import type { CreateTokenResponse } from '../../../contracts/tokens.ts';
import { Modal } from './modal.tsx';

export function TokenSecretDialog({ created, onClose }: { created: CreateTokenResponse; onClose: () => void }) {
  const copied = useSignal<string | undefined>(undefined);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.token);
      copied.value = 'Copied.';
    } catch {
      copied.value = 'The browser refused the clipboard: select the token and copy it.';
    }
  };
  return (
    <Modal title={`Token ${created.name} created`} onClose={onClose}>
      <p class="notice notice-warning" id="token-secret-warning">
        Copy the token now: it is shown only this once and cannot be shown again. Whoever holds it acts with role {created.role}.
      </p>
      <label class="stacked">
        Token secret
        <input class="mono secret" readOnly value={created.token} aria-describedby="token-secret-warning" onFocus={(event) => event.currentTarget.select()} />
      </label>
      <p role="status" aria-live="polite" class="muted">
        {copied.value ?? ''}
      </p>
      <div class="modal-actions">
        <button type="button" class="secondary" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
