// A network listener (syslog UDP/TCP/TLS, RELP) as a component: it opens only once the pipeline and
// the disk guard are up, so every event it accepts meets the read-only check and can be written; on
// stop it closes together with the other listeners and the API, within a grace, before the
// pipeline drains.
import { HEALTHY, type Component, type ComponentHealth } from '../runtime/component.ts';
import type { RunningSource } from './syslog-udp.ts';

export class ListenerComponent implements Component {
  readonly name: string;
  readonly dependencies: readonly string[];
  readonly stopTimeoutMs: number;
  readonly #open: () => Promise<RunningSource>;
  #running: RunningSource | undefined;

  /**
   * `name`: the config key it listens for (e.g. `syslog.tcp`); `open` binds it; `stopTimeoutMs`: the
   * grace open connections get before the pipeline drains without them.
   */
  constructor(name: string, open: () => Promise<RunningSource>, dependencies: readonly string[], stopTimeoutMs: number) {
    this.name = name;
    this.#open = open;
    this.dependencies = dependencies;
    this.stopTimeoutMs = stopTimeoutMs;
  }

  /** The address as bound (port 0 resolved); only after start. */
  get address(): string {
    if (!this.#running) throw new Error(`${this.name} is not started`);
    return this.#running.address;
  }

  async start(): Promise<void> {
    this.#running = await this.#open();
  }

  async stop(): Promise<void> {
    await this.#running?.close();
  }

  health(): ComponentHealth {
    return HEALTHY;
  }
}
