import { Injectable } from '@nestjs/common';
import { createRequestStateCodec, inputRequired, type InputRequiredResult, type RequestStateCodec } from '@modelcontextprotocol/server';
import type { PendingInput } from '@skillnest/skills/internal';
import { GatewayConfig } from '../config/gateway-config';

/** What the gateway carries across `input_required` rounds inside the signed `requestState`. */
export interface RoundState {
  /** Answers gathered in earlier rounds, by request key. */
  a: Record<string, unknown>;
}

/**
 * Signs and verifies the `requestState` of multi-round calls (HMAC, with the key the replicas
 * share), and writes the `input_required` result of a skill that asked for input.
 */
@Injectable()
export class RoundStateCodec {
  readonly codec: RequestStateCodec<RoundState>;

  constructor(config: GatewayConfig) {
    this.codec = createRequestStateCodec<RoundState>({ key: config.requestStateKey, ttlSeconds: 3_600 });
  }

  /** The `input_required` result for a skill's pending requests, with all answers so far signed. */
  async inputRequired(pending: PendingInput): Promise<InputRequiredResult> {
    return inputRequired({ inputRequests: pending.requests as never, requestState: await this.codec.mint({ a: pending.answers }) });
  }
}
