// The order components start in: every component after the components it depends on, and otherwise
// in the order they were given (so the order is predictable and the logs read the same each run).
// A missing dependency, a repeated name or a cycle is a wiring mistake: refused before anything
// starts, with the names involved. Pure.

export interface Dependent {
  readonly name: string;
  readonly dependencies: readonly string[];
}

/** The components in start order; throws naming the problem when there is none. */
export function startOrder<T extends Dependent>(components: readonly T[]): T[] {
  const byName = indexByName(components);
  const placed = new Set<string>();
  const order: T[] = [];
  while (order.length < components.length) {
    const next = components.find((one) => !placed.has(one.name) && one.dependencies.every((name) => placed.has(name)));
    if (!next) throw new Error(`components depend on each other in a cycle: ${findCycle(components, byName, placed).join(' → ')}`);
    placed.add(next.name);
    order.push(next);
  }
  return order;
}

function indexByName<T extends Dependent>(components: readonly T[]): Map<string, T> {
  const byName = new Map<string, T>();
  for (const component of components) {
    if (byName.has(component.name)) throw new Error(`two components are named "${component.name}"`);
    byName.set(component.name, component);
  }
  for (const component of components) {
    const missing = component.dependencies.filter((name) => !byName.has(name));
    if (missing.length > 0) throw new Error(`component "${component.name}" depends on ${missing.map((name) => `"${name}"`).join(', ')}, which no component is named`);
  }
  return byName;
}

/**
 * A cycle among the components not yet placed: each of them waits on another unplaced one, so
 * following those waits from any of them must come back to a component already on the path.
 */
function findCycle(components: readonly Dependent[], byName: ReadonlyMap<string, Dependent>, placed: ReadonlySet<string>): string[] {
  const path: string[] = [];
  let current = components.find((one) => !placed.has(one.name)) as Dependent;
  while (!path.includes(current.name)) {
    path.push(current.name);
    const waitingOn = current.dependencies.find((name) => !placed.has(name)) as string;
    current = byName.get(waitingOn) as Dependent;
  }
  return [...path.slice(path.indexOf(current.name)), current.name];
}
