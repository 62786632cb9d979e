import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { HealthOptions } from './health.options';

/** `HealthModule.forRoot` / `forRootAsync`, built the way every Skillnest lib configures its module. */
export const { ConfigurableModuleClass: HealthConfigurableModule, MODULE_OPTIONS_TOKEN: HEALTH_MODULE_OPTIONS } = new ConfigurableModuleBuilder<HealthOptions>()
  .setClassMethodName('forRoot')
  .build();
