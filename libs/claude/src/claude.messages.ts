/**
 * Every message of the Claude library. Caller-facing messages name settings (environment
 * variables), never their values: no API key, no base URL, no address, no upstream body.
 */
export const ClaudeMessages = {
  notConfigured: (setting: string) => `Claude is not configured: set ${setting}.`,
  shuttingDown: () => 'The service is shutting down; Claude requests are no longer accepted. Try again in a moment.',
  cancelled: () => 'The Claude request was cancelled before it finished.',
  timedOut: (ms: number) => `Claude did not answer within ${ms} ms. Try again later.`,
  stalled: (ms: number) => `Claude stopped sending its answer for ${ms} ms, so the request was abandoned. Try again later.`,
  unreachable: () => 'Claude cannot be reached right now (the connection failed). Try again later.',
  unauthorized: (setting: string) => `Claude rejected the API key (HTTP 401): check ${setting}.`,
  forbidden: (setting: string, modelSetting: string) => `The API key may not use this model or feature (HTTP 403): check ${setting} and ${modelSetting}.`,
  paymentRequired: () => 'Claude refused the request because the account has no credit left (HTTP 402).',
  unknownModel: (model: string, modelSetting: string) => `Claude does not know the model "${model}" (HTTP 404): set ${modelSetting} to an available model.`,
  rateLimited: (retryAfterSec: number | undefined) => `Claude is rate-limiting this service (HTTP 429). Try again ${retryAfterSec ? `in ${retryAfterSec} s` : 'later'}.`,
  overloaded: () => 'Claude is overloaded right now (HTTP 529). Try again later.',
  serverError: (status: number) => `Claude had an internal error (HTTP ${status}). Try again later.`,
  badRequest: (status: number, detail: string | undefined) => `Claude refused the request (HTTP ${status})${detail ? `: ${detail}` : ''}.`,
  otherStatus: (status: number) => `Claude answered HTTP ${status}.`,
  malformed: () => 'Claude sent an answer that was cut off or malformed. Try again.',
  streamError: (type: string) => `Claude stopped the answer with an error (${type}). Try again later.`,
  refused: () => 'Claude declined to answer this request.',

  invalidOption: (option: string, why: string) => `Claude module option "${option}" ${why}.`,
  invalidSetting: (setting: string, least: number) => `${setting} must be a whole number of at least ${least}; unset it to keep the default.`,
  ready: (model: string, customBaseUrl: boolean) => `Claude client ready (default model ${model}${customBaseUrl ? ', custom base URL' : ''}).`,
  unconfiguredLog: (setting: string) => `${setting} is not set: the app serves, and skills that need Claude answer that Claude is not configured.`,
  callFailedLog: (reason: string, status: number | undefined, requestId: string | undefined) =>
    `Claude request failed (${reason}${status ? `, HTTP ${status}` : ''}${requestId ? `, request id ${requestId}` : ''})`,
  drainTimedOut: (count: number, ms: number) => `${count} Claude request(s) still running after ${ms} ms at shutdown; aborting them.`,

  agentIterationLimit: (max: number, tools: string[]) =>
    `The agent stopped after ${max} Claude turns without a final answer (its iteration limit).${stepsNote(tools)} Narrow the task or raise the limit.`,
  agentTimeBudget: (ms: number, tools: string[]) => `The agent did not finish within its time budget of ${ms} ms.${stepsNote(tools)} Narrow the task or try again.`,
  agentNested: () => 'The agent cannot start another agent from inside one of its tool calls.',
  agentUnknownTool: (name: string) => `No tool named "${name}" is available to the agent. Use only the tools offered.`,
  agentNeedsInput: (name: string) =>
    `The tool "${name}" needs interactive input from the user (elicitation, sampling or roots), which the agent cannot give. Ask the user to call "${name}" directly.`,
  agentToolResultTruncated: (kept: number, total: number) => `\n[result truncated: ${kept} of ${total} characters]`,
  agentRefused: () => 'Claude declined the task.',
  agentNoText: () => '(Claude finished without a text answer.)',
};

function stepsNote(tools: string[]): string {
  return tools.length ? ` Tools called so far: ${tools.join(', ')}.` : ' No tool was called.';
}
