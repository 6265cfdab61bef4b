// Runs a server's components: starts them one at a time in dependency order (./start-order.ts) and
// stops them in reverse. Stopping goes in waves: every component that nothing still running depends
// on stops at once (all listeners close together, under one grace), and each stop is bounded, so a
// slow one holds back only what depends on it, and only for its time. A start that fails stops what
// already started, in reverse, and the original error is what the caller sees.
import type { Logger } from '../observability/logger.ts';
import type { Component, ComponentStatus } from './component.ts';
import { startOrder } from './start-order.ts';

export interface RunnerOptions {
  /** Bound of a component's stop when the component names none of its own. */
  readonly stopTimeoutMs: number;
  readonly logger: Logger;
}

type State = 'not started' | 'starting' | 'started' | 'start failed' | 'stopping' | 'stopped';

export class ComponentRunner {
  readonly #order: readonly Component[];
  readonly #options: RunnerOptions;
  readonly #states = new Map<string, State>();

  /** Throws at once on a missing dependency, a repeated name or a cycle. */
  constructor(components: readonly Component[], options: RunnerOptions) {
    this.#order = startOrder(components);
    this.#options = options;
    for (const component of components) this.#states.set(component.name, 'not started');
  }

  /** Names in start order. */
  get names(): string[] {
    return this.#order.map((component) => component.name);
  }

  async start(): Promise<void> {
    for (const component of this.#order) {
      this.#states.set(component.name, 'starting');
      try {
        await component.start();
      } catch (error) {
        this.#states.set(component.name, 'start failed');
        this.#options.logger.debug({ component: component.name }, 'component failed to start: stopping the ones started');
        await this.stop().catch((stopError: unknown) => this.#options.logger.error({ err: stopError }, 'stopping after a failed start failed'));
        throw error;
      }
      this.#states.set(component.name, 'started');
    }
  }

  /** Stop every started component, dependents first; throws the first stop error once all are done. */
  async stop(): Promise<void> {
    const running = new Set(this.#order.filter((component) => this.#states.get(component.name) === 'started'));
    const errors: unknown[] = [];
    while (running.size > 0) {
      const wave = [...running].filter((component) => ![...running].some((other) => other.dependencies.includes(component.name)));
      for (const component of wave) running.delete(component);
      await Promise.all(wave.map((component) => this.#stopBounded(component).catch((error: unknown) => errors.push(error))));
    }
    if (errors.length > 0) throw errors[0];
  }

  /** Each component's health in start order; one not running is down, saying why. */
  health(): ComponentStatus[] {
    return this.#order.map((component) => {
      const state = this.#states.get(component.name) as State;
      if (state !== 'started') return { name: component.name, status: 'down', reason: state };
      return { name: component.name, ...component.health() };
    });
  }

  async #stopBounded(component: Component): Promise<void> {
    this.#states.set(component.name, 'stopping');
    const timeoutMs = component.stopTimeoutMs ?? this.#options.stopTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    try {
      const stopped = component.stop().then(() => 'stopped' as const);
      const outcome = await Promise.race([stopped, late]);
      if (outcome === 'late') {
        // The stop goes on in the background; what depends on this component stops without waiting.
        this.#options.logger.warn({ component: component.name, timeoutMs }, `${component.name} did not stop within ${timeoutMs} ms: stopping the rest without waiting for it`);
        stopped.catch((error: unknown) => this.#options.logger.error({ err: error, component: component.name }, `${component.name} failed to stop`));
      }
    } finally {
      clearTimeout(timer);
      this.#states.set(component.name, 'stopped');
    }
  }
}
