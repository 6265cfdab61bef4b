// The contract every part of a running logwarden follows (storage, pipeline, ledger, listeners,
// the HTTP API): a name, the names of the parts it needs started first, start, stop and health.
// The runner (./components.ts) starts parts in dependency order and stops them in reverse, so a new
// part plugs in by adding a component and naming what it needs, not by editing a long function.

/** How a part is doing: ok, working with a limitation (degraded), or not serving (down). */
export type ComponentHealth = { readonly status: 'ok' } | { readonly status: 'degraded'; readonly reason: string } | { readonly status: 'down'; readonly reason: string };

export interface Component {
  /** Unique among the components of one server; other components name it in `dependencies`. */
  readonly name: string;
  /** Components that must be started before this one starts, and stopped only after it stopped. */
  readonly dependencies: readonly string[];
  /**
   * A start that fails must undo its own partial work before throwing: the runner stops only the
   * components whose start completed.
   */
  start(): Promise<void>;
  /** Release what start took. Called at most once, and only after a completed start. */
  stop(): Promise<void>;
  /** Asked only while the component is started; the runner answers for it otherwise. */
  health(): ComponentHealth;
  /** Longest wait for `stop` before the runner goes on without it; the runner's default when absent. */
  readonly stopTimeoutMs?: number;
}

/** One line of a health report: the component's name and its health. */
export type ComponentStatus = { readonly name: string } & ComponentHealth;

export const HEALTHY: ComponentHealth = { status: 'ok' };
