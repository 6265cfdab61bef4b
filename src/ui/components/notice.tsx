// Small pieces every view uses: an error notice read out by screen readers, a busy indicator,
// and a progress bar for long work (verify, hunts, exports).
import type { ComponentChildren } from 'preact';
import { describeError } from '../api.ts';

export function ErrorNotice({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  return (
    <p class="notice notice-error" role="alert">
      {typeof error === 'string' ? error : describeError(error)}
    </p>
  );
}

export function Busy({ label = 'Loading…' }: { label?: string }) {
  return (
    <p class="busy" role="status" aria-live="polite">
      {label}
    </p>
  );
}

/** `value` of `max`, or an indeterminate bar when the total is not known yet. */
export function Progress({ label, value, max }: { label: string; value?: number; max?: number }) {
  return (
    <div class="progress" role="status" aria-live="polite">
      <label>
        {label}
        <progress {...(value === undefined ? {} : { value })} {...(max === undefined ? {} : { max })} aria-label={label} />
      </label>
    </div>
  );
}

/** A view's heading and, beside it, its actions. The heading takes focus after navigation (components/focus-heading.ts), not from Tab. */
export function PageHeader({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <header class="page-header">
      <h1 tabIndex={-1}>{title}</h1>
      {children ? <div class="page-actions">{children}</div> : null}
    </header>
  );
}
