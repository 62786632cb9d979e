import { Module, type DynamicModule } from '@nestjs/common';
import { SkillsModule } from '@skillnest/skills';
import { GatewayRedis } from './cluster/gateway-redis';
import { SkillsChangeBus } from './cluster/skills-change.bus';
import { GatewayConfig } from './config/gateway-config';
import { GatewayRateLimits } from './dispatch/gateway-rate-limits';
import { RoundStateCodec } from './dispatch/round-state.codec';
import { SkillAccessPolicy } from './dispatch/skill-access.policy';
import { SkillCatalog } from './dispatch/skill-catalog';
import { SkillDispatcher } from './dispatch/skill-dispatcher';
import { SkillEnhancers } from './dispatch/skill-enhancers';
import { GatewayHttpHooks } from './http/gateway-http.hooks';
import { McpFastPath } from './mcp/fast-path';
import { CallObservers } from './observe/call-observers';
import { GatewayRefusals } from './observe/gateway-refusals';
import { GatewayTelemetry } from './observe/gateway-telemetry';
import { GatewaySkills } from './mcp/gateway-skills';
import { McpProtocol } from './mcp/mcp-protocol';
import { McpServerFactoryProvider } from './mcp/mcp-server.factory';
import { ScopeChallenges } from './mcp/scope-challenges';
import { StdioGateway } from './stdio/stdio-gateway';
import { TaskAnswers } from './tasks/task-answers';
import { TaskLeaseKeeper } from './tasks/task-lease-keeper';
import { TaskListen } from './tasks/task-listen';
import { TaskRunner } from './tasks/task-runner';
import { TaskStorage } from './tasks/task-storage';
import { TaskSweeper } from './tasks/task-sweeper';
import { ConfigurableModuleClass } from './mcp-gateway.module-definition';
import { McpGatewayRegistrar } from './mcp-gateway.registrar';
import type { McpGatewayOptions } from './mcp-gateway.options';

/**
 * Serves every skill of the app over MCP Streamable HTTP on one path of Nest's Fastify instance
 * (and over stdio, with `listenOnStdio`).
 * Each import is one gateway with providers of its own, each with one job; `SkillDispatcher` is
 * the one path every call to a skill takes.
 *
 * @example
 * ```ts
 * McpGatewayModule.forRoot({ path: '/mcp', tokens: ['s3cret'] })
 * McpGatewayModule.forRootAsync({ useFactory: () => gatewayOptionsFromEnv(process.env) })
 * ```
 */
@Module({
  imports: [SkillsModule],
  providers: [
    GatewayConfig,
    GatewayRefusals,
    GatewayRedis,
    SkillsChangeBus,
    GatewaySkills,
    SkillEnhancers,
    SkillAccessPolicy,
    SkillCatalog,
    GatewayRateLimits,
    RoundStateCodec,
    TaskStorage,
    TaskLeaseKeeper,
    TaskRunner,
    TaskAnswers,
    TaskListen,
    CallObservers,
    SkillDispatcher,
    TaskSweeper,
    ScopeChallenges,
    McpServerFactoryProvider,
    McpProtocol,
    McpFastPath,
    GatewayHttpHooks,
    McpGatewayRegistrar,
    GatewayTelemetry,
    StdioGateway,
  ],
  exports: [McpGatewayRegistrar, SkillDispatcher, SkillCatalog, GatewayConfig, GatewayTelemetry],
})
export class McpGatewayModule extends ConfigurableModuleClass {
  /** One gateway; without options, the defaults (`/mcp`, unauthenticated: listens on 127.0.0.1 only). */
  static forRoot(options: McpGatewayOptions = {}): DynamicModule {
    return super.forRoot(options);
  }
}
