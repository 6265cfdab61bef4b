// DetectionHistory over the stored events (parameterised SQL through the engine).
import type { SqlEngine } from '../store/engine.ts';
import type { DetectionHistory } from './correlation/history.ts';

export class SqlDetectionHistory implements DetectionHistory {
  readonly kind = 'sql' as const;
  readonly #engine: SqlEngine;
  readonly #node: string;

  constructor(engine: SqlEngine, node: string) {
    this.#engine = engine;
    this.#node = node;
  }

  get node(): string {
    void this.#engine;
    return this.#node;
  }
}
