import type { ServerResponse } from 'node:http';
import type { StopWatching } from '@skillnest/skills/internal';

/**
 * How a call learns that its HTTP client went away: the response closing before it was written.
 * Handed to `CallCancellation`, which subscribes only when the skill reads `ctx.signal`.
 */
export function clientGone(response: ServerResponse) {
  return (abort: (reason?: unknown) => void): StopWatching | undefined => {
    if (response.destroyed) {
      abort();
      return undefined;
    }
    const onClose = () => {
      if (!response.writableFinished) abort();
    };
    response.once('close', onClose);
    return () => response.off('close', onClose);
  };
}
