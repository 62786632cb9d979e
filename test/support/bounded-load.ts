import { modernRequest } from './mcp-http';

export interface LoadOutcome {
  ok: boolean;
  status: number;
  detail: string;
  args: Record<string, unknown>;
}

/**
 * `workers` 2026-07-28 clients calling one tool in a loop until `stop()`. Bounded: at most
 * `maxCalls` calls per worker, and never past `maxMs`, whatever the test does.
 */
export function boundedLoad(options: {
  url: string;
  headers: Record<string, string>;
  tool: string;
  args: (worker: number, call: number) => Record<string, unknown>;
  workers: number;
  maxCalls: number;
  maxMs: number;
}) {
  let stopped = false;
  const outcomes: LoadOutcome[] = [];
  const deadline = Date.now() + options.maxMs;
  const workers = Array.from({ length: options.workers }, async (_, worker) => {
    for (let call = 0; call < options.maxCalls && !stopped && Date.now() < deadline; call++) {
      const input = options.args(worker, call);
      try {
        const answer = await modernRequest(options.url, 'tools/call', { name: options.tool, arguments: input }, options.headers);
        const result = (answer.body as { result?: { isError?: boolean } } | undefined)?.result;
        const ok = answer.status === 200 && result !== undefined && !result.isError;
        outcomes.push({ ok, status: answer.status, detail: ok ? '' : answer.raw.slice(0, 200), args: input });
      } catch (error) {
        outcomes.push({ ok: false, status: 0, detail: String(error), args: input });
      }
    }
  });
  return {
    outcomes,
    stop: async () => {
      stopped = true;
      await Promise.all(workers);
    },
  };
}
