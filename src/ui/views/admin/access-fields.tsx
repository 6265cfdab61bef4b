// The role and systems inputs the user and token forms share: a choice among the server's roles
// when the access matrix is readable, a typed name otherwise; systems as a comma-separated list,
// with the names the server knows shown beside it.
import type { Signal } from '@preact/signals';
import { matrix } from './access-options.ts';

export function RoleField({ value, label = 'Role' }: { value: Signal<string>; label?: string }) {
  const roles = matrix.value?.roles.map((role) => role.name);
  return (
    <label>
      {label}
      {roles ? (
        <select value={value.value} onChange={(event) => (value.value = event.currentTarget.value)}>
          {roles.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      ) : (
        <input required value={value.value} onInput={(event) => (value.value = event.currentTarget.value)} />
      )}
    </label>
  );
}

export function SystemsField({ value, id }: { value: Signal<string>; id: string }) {
  const known = matrix.value?.systems;
  return (
    <label>
      Systems
      <input value={value.value} placeholder="all of the role" aria-describedby={`${id}-hint`} onInput={(event) => (value.value = event.currentTarget.value)} />
      <span id={`${id}-hint`} class="muted hint">
        Comma-separated; empty for every system the role reads.{known ? ` Known: ${known.join(', ')}.` : ''}
      </span>
    </label>
  );
}
