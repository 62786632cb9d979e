import type { FastifyReply, FastifyRequest } from 'fastify';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { GatewayMessages } from '../gateway.messages';
import type { GatewaySkills } from '../mcp/gateway-skills';
import type { RateLimitRule } from '../mcp-gateway.options';
import type { AuthenticatedRequest } from '../auth/bearer-auth.hook';
import { sendJsonRpcError } from './json-rpc-error.reply';

/**
 * Per-principal and per-skill request budgets (`rate-limiter-flexible`): in process memory by
 * default, in Redis when the gateway has one, so every replica draws on the same budget. A
 * `preHandler` hook: it runs after authentication (the principal is known) and after the body is
 * parsed (the tool is known).
 */
export class RateLimits {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(
    private readonly prefix: string,
    private readonly perPrincipal: RateLimitRule | undefined,
    private readonly perSkill: RateLimitRule | undefined,
    private readonly skills: GatewaySkills,
    private readonly redis?: Redis,
  ) {}

  get enabled(): boolean {
    return Boolean(this.perPrincipal || this.perSkill || this.skills.tools().some((tool) => tool.options.rateLimit));
  }

  readonly hook = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const principal = (request as AuthenticatedRequest).user?.id ?? `ip:${request.ip}`;
    if (this.perPrincipal && !(await this.take(this.limiter('principal', this.perPrincipal), principal, reply, 'your requests'))) return reply as unknown as void;
    const body = request.body as { method?: unknown; params?: { name?: unknown } } | undefined;
    if (body?.method !== 'tools/call' || typeof body.params?.name !== 'string') return;
    const rule = this.skills.tool(body.params.name)?.options.rateLimit ?? this.perSkill;
    if (!rule) return;
    const name = body.params.name;
    if (!(await this.take(this.limiter(`skill:${name}`, rule), principal, reply, `"${name}"`))) return reply as unknown as void;
  };

  private limiter(key: string, rule: RateLimitRule): RateLimiterAbstract {
    const id = `${key}:${rule.points}/${rule.durationSec}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      const settings = { keyPrefix: `skillnest:${this.prefix}:${id}`, points: rule.points, duration: rule.durationSec };
      limiter = this.redis ? new RateLimiterRedis({ ...settings, storeClient: this.redis, useRedisPackage: false }) : new RateLimiterMemory(settings);
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  private async take(limiter: RateLimiterAbstract, key: string, reply: FastifyReply, what: string): Promise<boolean> {
    try {
      await limiter.consume(key);
      return true;
    } catch (outcome) {
      // A Redis outage must not stop the service: the budget is a safety net, not a gate.
      if (!(outcome instanceof RateLimiterRes)) return true;
      const seconds = Math.max(1, Math.ceil(outcome.msBeforeNext / 1000));
      sendJsonRpcError(reply, 429, -32000, GatewayMessages.rateLimited(what, seconds), { 'retry-after': String(seconds) });
      return false;
    }
  }
}
