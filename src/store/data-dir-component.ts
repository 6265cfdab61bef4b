// The data dir as a component: created owner-only, locked (one server per data dir), and its modes
// tightened where an earlier run or a copy left them readable by others (R-ACCESS-1). Everything
// else lives in the data dir, so everything depends on this and the lock is released last.
import { mkdir } from 'node:fs/promises';
import type { Logger } from '../observability/logger.ts';
import { HEALTHY, type Component, type ComponentHealth } from '../runtime/component.ts';
import { lockDataDir, type DataDirLock } from './data-dir-lock.ts';
import { createOwnerOnlyFiles, tightenModes } from './data-dir-modes.ts';

export class DataDirComponent implements Component {
  readonly name = 'data-dir';
  readonly dependencies: readonly string[] = [];
  readonly #dataDir: string;
  readonly #logger: Logger;
  #lock: DataDirLock | undefined;

  constructor(dataDir: string, logger: Logger) {
    this.#dataDir = dataDir;
    this.#logger = logger;
  }

  /** `serve` has checked beforehand that all of this can succeed. */
  async start(): Promise<void> {
    createOwnerOnlyFiles();
    await mkdir(this.#dataDir, { recursive: true, mode: 0o700 });
    const lock = await lockDataDir(this.#dataDir);
    try {
      const tightened = await tightenModes(this.#dataDir);
      if (tightened > 0) this.#logger.warn({ dataDir: this.#dataDir, paths: tightened }, `data dir was readable by other users: took group and other permissions off ${tightened} path(s)`);
    } catch (error) {
      await lock.release();
      throw error;
    }
    this.#lock = lock;
  }

  async stop(): Promise<void> {
    await this.#lock?.release();
    this.#lock = undefined;
  }

  health(): ComponentHealth {
    return HEALTHY;
  }
}
