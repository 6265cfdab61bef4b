// Scaffold: the RecordPanel part of the search view (docs/ui.md) is being built. It reads and changes
// the search through ./state.ts.
export function RecordPanel() {
  return null;
}
