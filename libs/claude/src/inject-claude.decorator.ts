import { Inject } from '@nestjs/common';
import { ClaudeClient } from './claude.client';

/** Injects the app's `ClaudeClient` (the same as injecting the class by type). */
export const InjectClaude = (): ParameterDecorator & PropertyDecorator => Inject(ClaudeClient);
