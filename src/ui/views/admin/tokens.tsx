// API tokens (tokens.manage): the list (never a secret: the hint tells tokens apart), creating one
// with its secret shown once, and revoking one after a confirmation.
import { useSignal } from '@preact/signals';
import type { CreateTokenResponse, TokenInfoContract } from '../../../contracts/tokens.ts';
import { api } from '../../api.ts';
import { Busy, ErrorNotice } from '../../components/notice.tsx';
import { formatTime } from '../../format.ts';
import { systemsText } from './access-options.ts';
import { Confirm } from './modal.tsx';
import { TokenCreateForm } from './token-create-form.tsx';
import { TokenSecretDialog } from './token-secret.tsx';
import { useResource } from './use-resource.ts';

export function TokensPanel() {
  const tokens = useResource(async () => (await api<{ tokens: TokenInfoContract[] }>('GET', '/api/v1/tokens')).tokens);
  // Held only while its dialog is open: closing sets it back to undefined.
  const created = useSignal<CreateTokenResponse | undefined>(undefined);
  const revoking = useSignal<string | undefined>(undefined);
  const error = useSignal<unknown>(undefined);

  const revoke = async (name: string) => {
    revoking.value = undefined;
    error.value = undefined;
    try {
      await api('DELETE', `/api/v1/tokens/${encodeURIComponent(name)}`);
    } catch (failure) {
      error.value = failure;
    }
    await tokens.reload();
  };

  return (
    <section aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">Tokens</h2>
      <ErrorNotice error={tokens.error.value ?? error.value} />
      {tokens.data.value ? <TokenTable tokens={tokens.data.value} onRevoke={(name) => (revoking.value = name)} /> : <Busy />}
      <TokenCreateForm
        onCreated={(answer) => {
          created.value = answer;
          void tokens.reload();
        }}
      />
      {created.value ? <TokenSecretDialog created={created.value} onClose={() => (created.value = undefined)} /> : null}
      {revoking.value ? (
        <Confirm
          title="Revoke token"
          question={`Revoke token ${revoking.value}? Every request with it is refused from now on; this cannot be undone.`}
          action="Revoke"
          onConfirm={() => void revoke(revoking.value as string)}
          onClose={() => (revoking.value = undefined)}
        />
      ) : null}
    </section>
  );
}

function TokenTable({ tokens, onRevoke }: { tokens: readonly TokenInfoContract[]; onRevoke: (name: string) => void }) {
  if (tokens.length === 0) return <p class="muted">No tokens.</p>;
  return (
    <table class="admin-table" aria-label="Tokens">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Role</th>
          <th scope="col">Systems</th>
          <th scope="col">Created</th>
          <th scope="col">Expires</th>
          <th scope="col">State</th>
          <th scope="col">Hint</th>
          <th scope="col">
            <span class="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((token) => (
          <tr key={`${token.name}-${token.createdAt}`}>
            <td>{token.name}</td>
            <td>{token.role}</td>
            <td>{systemsText(token.systems)}</td>
            <td>{formatTime(token.createdAt)}</td>
            <td>{token.expiresAt ? formatTime(token.expiresAt) : 'never'}</td>
            <td>
              <span class={`tag state-${token.state}`}>{token.state}</span>
              {token.revokedAt ? <span class="muted"> {formatTime(token.revokedAt)}</span> : null}
            </td>
            <td class="mono">{token.hint ?? ''}</td>
            <td>
              {token.state === 'active' ? (
                <button type="button" class="secondary" aria-label={`Revoke ${token.name}`} onClick={() => onRevoke(token.name)}>
                  Revoke
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
