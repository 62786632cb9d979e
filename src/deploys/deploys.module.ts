import { Module } from '@nestjs/common';
import { HttpPoolModule } from '@skillnest/pools';
import { DEPLOY_TRACKER_POOL, DeployTrackerClient } from './deploy-tracker.client';
import { DeploySkills } from './deploy.skills';

/**
 * The deploy tracker feature: an upstream HTTP service reached through a pool. Configured by
 * `DEPLOY_TRACKER_URL` (and `DEPLOY_TRACKER_TOKEN`, the tracker's own credential); without a URL
 * the skill answers that the upstream is not configured. `DEPLOY_TRACKER_REQUEST_TIMEOUT_MS`
 * bounds a whole request (default 10 s); the pool drains within the app's drain deadline.
 */
@Module({
  imports: [
    HttpPoolModule.forRootAsync({
      name: DEPLOY_TRACKER_POOL,
      useFactory: () => ({
        origin: process.env.DEPLOY_TRACKER_URL || undefined,
        originSetting: 'DEPLOY_TRACKER_URL',
        connectTimeoutMs: 1_000,
        headersTimeoutMs: Number(process.env.DEPLOY_TRACKER_TIMEOUT_MS) || 3_000,
        bodyTimeoutMs: Number(process.env.DEPLOY_TRACKER_TIMEOUT_MS) || 3_000,
        // Any value set is passed on, so that a typo fails at startup rather than leaving the default.
        requestTimeoutMs: process.env.DEPLOY_TRACKER_REQUEST_TIMEOUT_MS ? Number(process.env.DEPLOY_TRACKER_REQUEST_TIMEOUT_MS) : 10_000,
        drainTimeoutMs: Number(process.env.SKILLNEST_DRAIN_TIMEOUT_MS) > 0 ? Number(process.env.SKILLNEST_DRAIN_TIMEOUT_MS) : undefined,
        maxResponseBytes: 256 * 1024,
        defaultHeaders: process.env.DEPLOY_TRACKER_TOKEN ? { authorization: `Bearer ${process.env.DEPLOY_TRACKER_TOKEN}` } : undefined,
      }),
    }),
  ],
  providers: [DeployTrackerClient, DeploySkills],
})
export class DeploysModule {}
