import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { Type } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import type { McpGatewayOptions } from '@skillnest/gateway';
import type { SkillCaller } from '@skillnest/skills';
import type { CallerAuthInfo } from '../../../libs/gateway/src/auth/bearer-auth.hook';
import { DispatchProbeModule } from '../../fixtures/dispatch-probe.module';
import { gatewayUnderTest } from '../../fixtures/gateway-under-test';
import { CaptureLogger } from '../../support/capture.logger';

/** A fixed 32-byte state key, so no spec depends on (or warns about) an ephemeral one. */
export const STATE_KEY = 'unit-spec-request-state-key-0123456789abcdef';

/** A suffix of its own per run, for Redis keys, paths and principals that must not collide. */
export const runId = () => randomBytes(6).toString('hex');

/**
 * The gateway's providers (over the dispatch probe skills) in a testing module, without HTTP:
 * the registrar, which mounts routes on Fastify, is replaced.
 */
export function gatewayProviders(options: McpGatewayOptions = {}, logger = new CaptureLogger(), skills: Array<Type<unknown>> = [DispatchProbeModule]): Promise<TestingModule> {
  return gatewayUnderTest({ requestStateKey: STATE_KEY, ...options }, logger, skills);
}

export const caller = (id: string): SkillCaller => ({ id, authenticated: true, scopes: ['*'], claims: {} });

/** The principal as the bearer hook hands it to the SDK layer (`req.auth`). */
export const authInfo = (id: string): CallerAuthInfo => ({ token: '', clientId: id, scopes: ['*'], extra: { caller: caller(id) } }) as CallerAuthInfo;

export { until } from '../../support/until';
