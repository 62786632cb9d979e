/**
 * `response` as it goes to the client, with `release` called once when it is over: at once for
 * an answer that is no event stream (a refusal, a JSON error), else when the stream ends, is
 * cancelled, fails, or the client goes away (`signal`), whichever comes first. The SDK closes
 * its streams without telling anyone, so the end is observed on the body itself.
 */
export function heldWhileOpen(response: Response, release: () => void, signal?: AbortSignal): Response {
  if (!response.body || !(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    release();
    return response;
  }
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    signal?.removeEventListener('abort', finish);
    release();
  };
  if (signal?.aborted) finish();
  else signal?.addEventListener('abort', finish, { once: true });
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = await reader.read();
        if (!chunk.done) return controller.enqueue(chunk.value);
        finish();
        controller.close();
      } catch (error) {
        finish();
        controller.error(error);
      }
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
