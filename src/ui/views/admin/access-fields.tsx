// The role and systems inputs the user and token forms share: a choice among the server's roles
// when the access matrix is readable, a typed name otherwise; systems as a comma-separated list,
// with the names the server knows shown beside it.
import type { Signal } from '@preact/signals';
import { matrix } from './access-options.ts';

export function RoleField({ value, id }: { value: Signal<string>; id: string }) {
  const roles = matrix.value?.roles.map((role) => role.name);
  // The label names the control by id: a <select> inside its <label> would add the chosen option to its name.
  return (
    <span class="field">
      <label for={id}>Role</label>
      {roles ? (
        <select id={id} value={value.value} onChange={(event) => (value.value = event.currentTarget.value)}>
          {roles.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      ) : (
        <input id={id} required value={value.value} onInput={(event) => (value.value = event.currentTarget.value)} />
      )}
    </span>
  );
}

export function SystemsField({ value, id }: { value: Signal<string>; id: string }) {
  const known = matrix.value?.systems;
  return (
    <span class="field">
      <label for={id}>Systems</label>
      <input id={id} value={value.value} placeholder="all of the role" aria-describedby={`${id}-hint`} onInput={(event) => (value.value = event.currentTarget.value)} />
      <span id={`${id}-hint`} class="muted hint">
        Comma-separated; empty for every system the role reads.{known ? ` Known: ${known.join(', ')}.` : ''}
      </span>
    </span>
  );
}
