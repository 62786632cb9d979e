import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ClaudeModuleOptions } from './claude.options';

export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: CLAUDE_MODULE_OPTIONS,
  OPTIONS_TYPE: CLAUDE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: CLAUDE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ClaudeModuleOptions>()
  .setClassMethodName('forRoot')
  // One client per app, injected by feature modules anywhere: global unless told otherwise.
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
