import { AnthropicError, APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { describeCause } from '@skillnest/skills/internal';
import { ClaudeMessages } from '../claude.messages';
import type { ResolvedClaudeOptions } from '../claude.options';
import { ClaudeError } from './claude.error';

// Error types Claude puts in an SSE `error` event, which carries no HTTP status.
const STATUS_OF_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** Claude's own explanation of a bad request, made safe: one line, no URL, address or key, at most 300 characters. */
function safeDetail(error: APIError, apiKey: string | undefined): string | undefined {
  if (!error.apiMessage) return undefined;
  let text = describeCause(new Error(error.apiMessage)).replace(/^Error: /, '');
  if (apiKey) text = text.split(apiKey).join('<redacted>');
  return text.replace(/[.\s]+$/, '');
}

function retryAfterSeconds(headers: Headers | undefined): number | undefined {
  const value = Number(headers?.get('retry-after'));
  return Number.isFinite(value) && value > 0 ? Math.ceil(value) : undefined;
}

function fromStatus(error: APIError, status: number, options: ResolvedClaudeOptions, model: string): ClaudeError {
  const requestId = error.requestID ?? undefined;
  const extra = requestId ? { requestId } : {};
  const make = (message: string, reason: ConstructorParameters<typeof ClaudeError>[1]) => new ClaudeError(message, reason, status, extra);
  if (error.status === undefined && status >= 500) {
    // A failure reported inside a stream that had already started.
    return make(status === 529 ? ClaudeMessages.overloaded() : ClaudeMessages.streamError(error.type ?? 'api_error'), status === 529 ? 'overloaded' : 'server_error');
  }
  switch (status) {
    case 401:
      return make(ClaudeMessages.unauthorized(options.apiKeySetting), 'unauthorized');
    case 402:
      return make(ClaudeMessages.paymentRequired(), 'payment_required');
    case 403:
      return make(ClaudeMessages.forbidden(options.apiKeySetting, options.modelSetting), 'forbidden');
    case 404:
      return make(ClaudeMessages.unknownModel(model, options.modelSetting), 'unknown_model');
    case 429:
      return make(ClaudeMessages.rateLimited(retryAfterSeconds(error.headers)), 'rate_limited');
    case 529:
      return make(ClaudeMessages.overloaded(), 'overloaded');
  }
  if (status >= 500) return make(ClaudeMessages.serverError(status), 'server_error');
  if (status >= 400) return make(ClaudeMessages.badRequest(status, safeDetail(error, options.apiKey)), 'bad_request');
  return make(ClaudeMessages.otherStatus(status), 'server_error');
}

/**
 * Turns whatever the Anthropic SDK threw into a `ClaudeError` the caller can read: the status
 * and what to do about it, naming settings but never the key, the base URL or an address.
 * Errors that are not the SDK's (bugs in a skill) are returned unchanged.
 */
export function toClaudeError(error: unknown, options: ResolvedClaudeOptions, model = options.model): unknown {
  if (error instanceof ClaudeError) return error;
  if (error instanceof APIUserAbortError) return new ClaudeError(ClaudeMessages.cancelled(), 'cancelled');
  if (error instanceof APIConnectionTimeoutError) return new ClaudeError(ClaudeMessages.timedOut(options.timeoutMs), 'timeout');
  if (error instanceof APIConnectionError) return new ClaudeError(ClaudeMessages.unreachable(), 'unreachable');
  if (error instanceof APIError) {
    const status = error.status ?? (error.type ? STATUS_OF_TYPE[error.type] : undefined);
    if (status) return fromStatus(error, status, options, model);
    return new ClaudeError(ClaudeMessages.malformed(), 'malformed');
  }
  if (error instanceof AnthropicError) return new ClaudeError(ClaudeMessages.malformed(), 'malformed');
  if ((error as Error | undefined)?.name === 'AbortError') return new ClaudeError(ClaudeMessages.cancelled(), 'cancelled');
  return error;
}
