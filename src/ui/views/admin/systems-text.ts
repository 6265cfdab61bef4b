// Systems as people type and read them in the admin forms and tables. Pure.

/** `web, db` → `['web', 'db']`; empty → undefined (every system the role reads). */
export function parseSystems(text: string): string[] | undefined {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return names.length === 0 ? undefined : names;
}

/** How a holder's systems read in a table: `all` when not limited. */
export function systemsText(systems: readonly string[] | undefined): string {
  return systems === undefined ? 'all of the role' : systems.join(', ');
}
