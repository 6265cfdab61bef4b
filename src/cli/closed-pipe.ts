// `logwarden search … | head -1`: once the reader has gone, writing to the pipe fails with EPIPE.
// That is the reader's choice, not an error of the command: stop writing, let the command finish,
// and exit with its own status (0 for a search), without a stack trace. Node ignores SIGPIPE, so
// without this the EPIPE is an unhandled 'error' event that crashes the process.

/** Ignore EPIPE on `stream` from now on; later writes are dropped by the destroyed stream. */
export function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return;
    throw error;
  });
}
