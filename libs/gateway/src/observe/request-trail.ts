import type { FastifyRequest } from 'fastify';

/**
 * What one HTTP request to a gateway did, filled in as it goes (the MCP route or REST route
 * names the method, the dispatcher the skill and its outcome) and logged in one line at its end.
 */
export interface RequestTrail {
  /** `performance.now()` when the request arrived. */
  readonly startedAt: number;
  method?: string;
  skill?: string;
  outcome?: string;
  reason?: string;
  errorId?: string;
  /** The trace the request's span belongs to, when tracing is on. */
  traceId?: string;
}

const TRAIL = Symbol('skillnest.trail');

type WithTrail = FastifyRequest & { [TRAIL]?: RequestTrail };

/** Starts the trail of a request (its `onRequest`). */
export function startTrail(request: FastifyRequest, startedAt: number): RequestTrail {
  const trail: RequestTrail = { startedAt };
  (request as WithTrail)[TRAIL] = trail;
  return trail;
}

/** The trail of a request, if the gateway started one. */
export function trailOf(request: FastifyRequest): RequestTrail | undefined {
  return (request as WithTrail)[TRAIL];
}
