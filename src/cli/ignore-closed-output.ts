/**
 * Lets a command end normally when the reader of its output goes away (`snowmon audit | head`): a write
 * to a closed stdout or stderr (EPIPE) is dropped instead of crashing with a stack trace, and the command
 * exits with its own code. Any other stream error is thrown as Node would.
 */

const CLOSED = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

export function ignoreClosedOutput(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== undefined && CLOSED.has(error.code)) return;
      throw error;
    });
  }
}
