// The fields the alerts' and the detections' filter forms share: the level choice and the text
// filters (rule, system, range …), each a labelled input.
import { LEVELS } from './detection-filters.ts';

export function LevelSelect({ value, onChange }: { value: string | undefined; onChange: (value: string) => void }) {
  return (
    <label>
      Level
      <select value={value ?? ''} onChange={(event) => onChange(event.currentTarget.value)}>
        <option value="">any</option>
        {LEVELS.map((level) => (
          <option key={level} value={level}>
            {level}
          </option>
        ))}
      </select>
    </label>
  );
}

/** One text input per `[name, label, placeholder]`. */
export function TextFilters<Name extends string>(props: {
  fields: readonly [Name, string, string][];
  draft: { readonly [key in Name]?: string | undefined };
  set: (name: Name, value: string) => void;
}) {
  return (
    <>
      {props.fields.map(([name, label, placeholder]) => (
        <label key={name}>
          {label}
          <input type="text" value={props.draft[name] ?? ''} placeholder={placeholder} onInput={(event) => props.set(name, event.currentTarget.value)} />
        </label>
      ))}
    </>
  );
}
