// How `serve` ends: SIGINT and SIGTERM both stop cleanly (listeners close, queued events are
// written, the stop is recorded, a final checkpoint is signed) and exit 0. A signal that arrives
// while the server is still starting stops it as soon as it is up, so the stop is recorded too.
import type { Logger } from '../observability/logger.ts';

/**
 * A second signal this soon after the first is the same Ctrl-C delivered twice: under `npm run`
 * the terminal signals the whole process group and npm forwards the signal to its child as well.
 */
const REPEAT_WINDOW_MS = 1000;

export interface Stoppable {
  stop(): Promise<void>;
}

/** Install the handlers now; call the returned function with the server once it has started. */
export function stopOnSignals(logger: Logger, stopTimeoutMs: number): (server: Stoppable) => void {
  let server: Stoppable | undefined;
  let firstSignalAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    const now = performance.now();
    if (firstSignalAt !== undefined) {
      if (now - firstSignalAt < REPEAT_WINDOW_MS) return;
      // Acknowledged events are already durable: a second signal may end the process at once.
      logger.warn({ signal }, 'second signal: exiting without waiting for the stop to finish');
      process.exit(1);
    }
    firstSignalAt = now;
    logger.info({ signal }, server ? 'stopping: closing listeners and flushing' : 'stop requested while starting: stopping as soon as the start completes');
    const timeout = setTimeout(() => {
      logger.error({ timeoutMs: stopTimeoutMs }, 'stop timed out: exiting; acknowledged events are durable');
      process.exit(1);
    }, stopTimeoutMs);
    timeout.unref();
    if (server) stopAndExit(server, logger);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return (started) => {
    server = started;
    if (firstSignalAt !== undefined) stopAndExit(started, logger);
  };
}

function stopAndExit(server: Stoppable, logger: Logger): void {
  server.stop().then(
    () => {
      logger.info('stopped cleanly');
      process.exit(0);
    },
    (error: unknown) => {
      logger.fatal({ err: error }, 'stop failed');
      process.exit(1);
    },
  );
}
