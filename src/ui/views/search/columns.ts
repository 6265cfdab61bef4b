// How wide each results column is: times and short keywords fixed, the message taking the rest. Pure.

const FIXED: Record<string, string> = {
  '@timestamp': '13.5rem',
  'event.ingested': '13.5rem',
  'event.sequence': '6rem',
  'log.level': '6rem',
};

/** The CSS grid template for the columns, e.g. `13.5rem 9rem minmax(20rem, 1fr)`. */
export function gridTemplate(columns: readonly string[]): string {
  return columns.map((name) => (name === 'message' ? 'minmax(20rem, 1fr)' : (FIXED[name] ?? '10rem'))).join(' ');
}
