// Scaffold: the FieldSidebar part of the search view (docs/ui.md) is being built. It reads and changes
// the search through ./state.ts.
export function FieldSidebar() {
  return null;
}
