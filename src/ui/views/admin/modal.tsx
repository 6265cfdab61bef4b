// A modal dialog (the native <dialog> opened with showModal): the browser keeps focus inside it,
// Escape closes it, and the page behind is inert. Closing by any means calls onClose, so the
// owner drops whatever the dialog showed.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export function Modal({ title, onClose, children, role = 'dialog' }: { title: string; onClose: () => void; children: ComponentChildren; role?: 'dialog' | 'alertdialog' }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} class="modal" role={role} aria-label={title} onClose={onClose}>
      <h2>{title}</h2>
      {children}
    </dialog>
  );
}

/** A yes/no question before something that cannot be undone (revoking a token, disabling a user). */
export function Confirm({ title, question, action, onConfirm, onClose }: { title: string; question: string; action: string; onConfirm: () => void; onClose: () => void }) {
  return (
    <Modal title={title} onClose={onClose} role="alertdialog">
      <p>{question}</p>
      <div class="modal-actions">
        <button type="button" class="secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="button" class="danger" onClick={onConfirm}>
          {action}
        </button>
      </div>
    </Modal>
  );
}
