import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { ConsoleLogger, type DynamicModule, type LoggerService } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { McpGatewayModule } from '@skillnest/gateway';
import { PgPoolModule } from '@skillnest/pools';
import type { HarnessCallerTokens } from './harness-caller.tokens';
import type { HarnessDatabaseOptions, HarnessOverride, SkillsHarnessOptions } from './skills-harness.options';

/** The harness's logger: one given as is, else Nest's console logger printing the levels asked for (none for `false`). */
export function harnessLogger(option: SkillsHarnessOptions['logger']): LoggerService {
  if (option && !Array.isArray(option)) return option;
  return new ConsoleLogger('', { logLevels: option === false ? [] : (option ?? ['error', 'warn']) });
}

/** The test database as the app would have it: one `PgPoolModule` pool on its URL, migrated from the folder given. */
function databaseModule(url: string, options: HarnessDatabaseOptions): DynamicModule {
  return PgPoolModule.forRoot({
    ...options.pool,
    connectionString: url,
    ...(options.migrationsDir ? { migrationsDir: resolve(options.migrationsDir) } : {}),
  });
}

function override(builder: TestingModuleBuilder, replacement: HarnessOverride): TestingModuleBuilder {
  const target = builder.overrideProvider(replacement.provide);
  if ('useValue' in replacement) return target.useValue(replacement.useValue);
  if ('useClass' in replacement) return target.useClass(replacement.useClass);
  return target.useFactory({ factory: replacement.useFactory, inject: replacement.inject as never });
}

/**
 * The testing module of a harness: the modules under test with their real providers (but those
 * overridden), the test database's pool when there is one, and one gateway whose static tokens
 * are the harness's callers, imported as the app imports `McpGatewayModule`.
 */
export function harnessModule(options: SkillsHarnessOptions, callers: HarnessCallerTokens, logger: LoggerService, databaseUrl?: string): TestingModuleBuilder {
  const database = options.database === true ? {} : options.database;
  let builder = Test.createTestingModule({
    imports: [
      ...(databaseUrl && database ? [databaseModule(databaseUrl, database)] : []),
      ...options.imports,
      // A key of its own, so that the gateway does not warn that replicas would need a shared one.
      McpGatewayModule.forRoot({ requestStateKey: randomBytes(32), ...options.gateway, tokens: callers.entries() }),
    ],
    providers: options.providers ?? [],
  });
  for (const replacement of options.overrides ?? []) builder = override(builder, replacement);
  builder = options.configure ? options.configure(builder) : builder;
  return builder.setLogger(logger);
}
