import { Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { SkillCaller, ToolDefinition } from '@skillnest/skills';
import { GatewayRedis } from '../cluster/gateway-redis';
import { GatewayConfig } from '../config/gateway-config';
import { GatewayMessages } from '../gateway.messages';
import type { RateLimitRule } from '../mcp-gateway.options';
import { GatewaySkills } from '../mcp/gateway-skills';

/** A refused budget: what to tell the caller and when to retry. */
export interface RateRefusal {
  readonly retryAfterSec: number;
  readonly message: string;
}

/**
 * Per-principal and per-skill budgets (`rate-limiter-flexible`): in process memory by default,
 * in Redis when the gateway has one, so every replica draws on the same budget. One limiter per
 * rule, keyed by principal (and skill): a name only reaches here for a tool that exists, so no
 * request can grow the set of limiters.
 */
@Injectable()
export class GatewayRateLimits {
  private readonly limiters = new Map<string, RateLimiterAbstract>();
  private readonly redis?: Redis;
  private readonly perPrincipal?: RateLimitRule;
  private readonly perSkill?: RateLimitRule;
  private readonly prefix: string;
  constructor(
    config: GatewayConfig,
    private readonly skills: GatewaySkills,
    redis: GatewayRedis,
  ) {
    this.prefix = redis.prefix;
    this.perPrincipal = config.options.rateLimit?.perPrincipal;
    this.perSkill = config.options.rateLimit?.perSkill;
    this.redis = redis.client;
  }

  /** Whether any budget applies on this gateway (asked at bootstrap, once the skills are known). */
  get enabled(): boolean {
    return Boolean(this.perPrincipal || this.perSkill || this.skills.tools().some((tool) => tool.options.rateLimit));
  }

  /** One request of a principal (every MCP and REST request); undefined when within budget. */
  takeRequest(principal: string): Promise<RateRefusal | undefined> | undefined {
    return this.perPrincipal ? this.take(this.perPrincipal, 'principal', principal, GatewayMessages.rateLimitScopeRequests()) : undefined;
  }

  /** One call of a tool by a caller; undefined when within budget (or the tool has none). */
  takeCall(tool: ToolDefinition, caller: SkillCaller): Promise<RateRefusal | undefined> | undefined {
    const rule = tool.options.rateLimit ?? this.perSkill;
    return rule ? this.take(rule, 'skill', `${tool.name}\u0000${caller.id}`, `"${tool.name}"`) : undefined;
  }

  private async take(rule: RateLimitRule, kind: string, key: string, what: string): Promise<RateRefusal | undefined> {
    try {
      await this.limiter(kind, rule).consume(key);
      return undefined;
    } catch (outcome) {
      // A Redis outage must not stop the service: the budget is a safety net, not a gate.
      if (!(outcome instanceof RateLimiterRes)) return undefined;
      const seconds = Math.max(1, Math.ceil(outcome.msBeforeNext / 1000));
      return { retryAfterSec: seconds, message: GatewayMessages.rateLimited(what, seconds) };
    }
  }

  private limiter(kind: string, rule: RateLimitRule): RateLimiterAbstract {
    const id = `${kind}:${rule.points}/${rule.durationSec}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      const settings = { keyPrefix: `${this.prefix}rate:${id}`, points: rule.points, duration: rule.durationSec };
      limiter = this.redis ? new RateLimiterRedis({ ...settings, storeClient: this.redis, useRedisPackage: false }) : new RateLimiterMemory(settings);
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}
