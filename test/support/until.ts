/** Waits until `check` holds, polling every 25 ms, for at most `timeoutMs` (then fails naming `what`): for a state no event announces. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A `fetch` for an MCP client transport that tells when the client's GET (notification) stream is open: its answer's headers arrived. */
export function watchingGetStream(): { fetch: typeof fetch; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const watching: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (init?.method === 'GET' && response.ok) open();
    return response;
  };
  return { fetch: watching, opened };
}
