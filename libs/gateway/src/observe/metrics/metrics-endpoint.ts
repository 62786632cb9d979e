import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { GatewayConfigError } from '../../errors/gateway-config.error';
import { GatewayMessages } from '../../gateway.messages';
import { MetricsListener } from './metrics-listener';
import { MetricsMessages } from './metrics.messages';
import { MetricsRegistry } from './metrics-registry';
import { METRICS_PATH, metricsScopeHook, registerMetricsRoute } from './metrics-route';
import { checkMetricsOptions, METRICS_OPTIONS, resolveMetricsAccess, type MetricsServing, type MetricsSettings } from './metrics-settings';
import type { MetricsOptions } from './metrics.options';
import { findGateways } from './metrics-sources';

/**
 * Serves `GET /metrics` as the settings say, decided at bootstrap once the gateways are known
 * (`resolveMetricsAccess`): on the app's port behind a gateway's own hooks (`bearer`: Origin/Host
 * and bearer auth, as its MCP route; `open`: Origin/Host only), on a listener of its own (`port`),
 * or not at all (`off`). The listener closes at shutdown, after the app's server, so the drain
 * can still be watched.
 */
@Injectable()
export class MetricsEndpoint implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private settings!: MetricsSettings;
  private listener?: MetricsListener;
  private decided?: MetricsServing;

  constructor(
    @Inject(METRICS_OPTIONS) private readonly options: MetricsOptions,
    private readonly metrics: MetricsRegistry,
    private readonly moduleRef: ModuleRef,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** How `/metrics` is served (known after bootstrap). */
  get serving(): MetricsServing['access'] | undefined {
    return this.decided?.access;
  }

  /** The port of the metrics listener (`access: 'port'`), once it listens. */
  get port(): number | undefined {
    return this.listener?.port;
  }

  /** A setting that cannot work fails here, in `app.init()`, with a message naming it (not at instantiation, which Nest reports with a stack). */
  onModuleInit(): void {
    this.settings = checkMetricsOptions(this.options);
  }

  async onApplicationBootstrap(): Promise<void> {
    const serving = resolveMetricsAccess(this.settings, findGateways(this.moduleRef));
    this.decided = serving;
    if (serving.access === 'off') return this.logger.log(serving.why === 'off' ? MetricsMessages.notServed() : MetricsMessages.noGateway());
    if (serving.access === 'port') {
      this.listener = new MetricsListener(this.metrics);
      const port = await this.listener.listen(serving.port, serving.host);
      return this.logger.log(MetricsMessages.served(`http://${serving.host.includes(':') ? `[${serving.host}]` : serving.host}:${port}${METRICS_PATH}`, 'port, no auth'));
    }
    const { guard } = serving;
    let hooks: onRequestHookHandler[];
    if (serving.access === 'bearer') {
      hooks = [...guard.authHooks, ...(serving.scope ? [metricsScopeHook(serving.scope, guard.metadataUrl, guard.refusals)] : [])];
    } else {
      hooks = [guard.originHostHook];
      if (guard.authenticated) this.logger.warn(MetricsMessages.openOnAuthenticated(guard.path));
    }
    registerMetricsRoute(this.fastify(), this.metrics, hooks);
    const how = serving.access === 'bearer' ? `bearer auth of gateway ${guard.path}${serving.scope ? `, scope ${serving.scope}` : ''}` : 'open, no auth';
    this.logger.log(MetricsMessages.served(`${METRICS_PATH} on the app's port`, how));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.close();
  }

  private fastify(): FastifyInstance {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify || typeof fastify.route !== 'function') throw new GatewayConfigError(GatewayMessages.notFastify());
    return fastify;
  }
}
