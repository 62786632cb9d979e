import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { ALL_SCOPES } from '@skillnest/skills';
import { describeCause } from '@skillnest/skills/internal';
import type { AuthenticatedRequest } from '../../auth/bearer-auth.hook';
import { bearerChallenge } from '../../auth/bearer-challenge.util';
import { sendJsonRpcError } from '../../http/json-rpc-error.reply';
import type { GatewayRefusals } from '../gateway-refusals';
import { MetricsMessages } from './metrics.messages';
import type { MetricsRegistry } from './metrics-registry';

/** Where Prometheus scrapes, on the app's port or the metrics listener. */
export const METRICS_PATH = '/metrics';

/**
 * After the bearer hook: the token must carry `scope`, else 403 `insufficient_scope` with the
 * challenge naming it (RFC 6750), counted as the gateway's auth failure like any other.
 */
export function metricsScopeHook(scope: string, metadataUrl: string | undefined, refusals: GatewayRefusals): onRequestHookHandler {
  return function checkMetricsScope(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
    const scopes = (request as AuthenticatedRequest).user?.scopes ?? [];
    if (scopes.includes(scope) || scopes.includes(ALL_SCOPES)) return done();
    refusals.authFailed('insufficient_scope');
    const message = MetricsMessages.missingScope(scope);
    sendJsonRpcError(reply, 403, -32001, message, {
      'www-authenticate': bearerChallenge({ error: 'insufficient_scope', scope, error_description: message, resource_metadata: metadataUrl }),
    });
  };
}

const logger = new Logger('Metrics');

/**
 * The text of a scrape: each collector read now, never cached by a proxy. A collector that fails
 * is logged; the scraper only gets a 500 (what failed may quote SQL or an address).
 */
export async function metricsText(metrics: MetricsRegistry): Promise<{ status: number; type: string; body: string }> {
  try {
    return { status: 200, type: metrics.contentType, body: await metrics.metrics() };
  } catch (error) {
    logger.error(MetricsMessages.collectFailed(describeCause(error)));
    return { status: 500, type: 'text/plain; charset=utf-8', body: MetricsMessages.notCollected() };
  }
}

async function sendMetrics(metrics: MetricsRegistry, reply: FastifyReply): Promise<FastifyReply> {
  const { status, type, body } = await metricsText(metrics);
  return reply.code(status).header('content-type', type).header('cache-control', 'no-store').send(body);
}

/** `GET /metrics` on the app's Fastify instance, behind `onRequest` (a gateway's Origin/Host and bearer hooks, or Origin/Host alone). */
export function registerMetricsRoute(fastify: FastifyInstance, metrics: MetricsRegistry, onRequest: onRequestHookHandler[]): void {
  fastify.route({ method: 'GET', url: METRICS_PATH, onRequest, handler: (_request, reply) => sendMetrics(metrics, reply) });
}
