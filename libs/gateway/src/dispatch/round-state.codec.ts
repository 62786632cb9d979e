import { Injectable, Logger } from '@nestjs/common';
import { inputRequired, ProtocolError, ProtocolErrorCode, type InputRequiredResult } from '@modelcontextprotocol/server';
import { logSafe, type PendingInput } from '@skillnest/skills/internal';
import { GatewayConfig } from '../config/gateway-config';
import { GatewayMessages } from '../gateway.messages';
import { bindingDigest, type RoundBinding } from './round-state.binding';
import { StateKeyRing, type UnsealFailure } from './round-state.cipher';

/** What the gateway carries across `input_required` rounds inside the sealed `requestState`. */
interface RoundState {
  /** Answers gathered in earlier rounds, by request key. */
  a: Record<string, unknown>;
  /** Expiry, in ms since the epoch. */
  exp: number;
}

/** Why a `requestState` was refused (`error.data.cause` on the wire). */
export type RoundStateRefusal = UnsealFailure | 'expired';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Seals and opens the `requestState` of multi-round calls (see `StateKeyRing`; replicas share
 * the keys). A state opens only on the call it was issued for (`RoundBinding`: same caller,
 * method, tool and arguments) within `requestStateTtlMs`. Front doors open it in their handler,
 * where the request's parameters are known: the SDK's `requestState.verify` hook sees only the
 * context, and the fast path never takes a request that carries state.
 */
@Injectable()
export class RoundStateCodec {
  private readonly logger = new Logger('McpGateway');
  private readonly keys: StateKeyRing;
  private readonly ttlMs: number;

  constructor(config: GatewayConfig) {
    this.keys = new StateKeyRing(config.requestStateKey, config.previousRequestStateKeys);
    this.ttlMs = config.requestStateTtlMs;
  }

  /** The `input_required` result for a skill's pending requests, with all answers so far sealed to this call. */
  inputRequired(pending: PendingInput, binding: RoundBinding): InputRequiredResult {
    const state: RoundState = { a: pending.answers, exp: Date.now() + this.ttlMs };
    return inputRequired({ inputRequests: pending.requests as never, requestState: this.keys.seal(Buffer.from(JSON.stringify(state)), bindingDigest(binding)) });
  }

  /**
   * The answers of earlier rounds a retry carries (none without state). A state that does not
   * open for this call is refused with `-32602`, as the SDK refuses one that is no string.
   */
  earlierAnswers(state: unknown, binding: RoundBinding): Record<string, unknown> {
    if (state === undefined) return {};
    const opened = typeof state === 'string' ? this.keys.unseal(state, bindingDigest(binding)) : 'malformed';
    if (typeof opened === 'string') throw this.refused(opened, binding);
    const payload = this.parsed(opened);
    if (!payload) throw this.refused('malformed', binding);
    if (Date.now() >= payload.exp) throw this.refused('expired', binding);
    return payload.a;
  }

  private parsed(plaintext: Buffer): RoundState | undefined {
    try {
      const payload: unknown = JSON.parse(plaintext.toString('utf8'));
      return isRecord(payload) && isRecord(payload.a) && typeof payload.exp === 'number' ? (payload as unknown as RoundState) : undefined;
    } catch {
      return undefined;
    }
  }

  private refused(cause: RoundStateRefusal, binding: RoundBinding): ProtocolError {
    const why = GatewayMessages.requestStateWhy(cause, this.ttlMs);
    this.logger.warn(logSafe(GatewayMessages.requestStateRefusedLog(binding.method, binding.callerId, why)));
    return new ProtocolError(ProtocolErrorCode.InvalidParams, GatewayMessages.requestStateRefused(why), { reason: 'invalid_request_state', cause });
  }
}
