import { skillDecorator } from './skill-decorator.util';
import type { PromptOptions } from '../interfaces/skill-options.interface';

/**
 * Marks a provider method as an MCP prompt. The method receives the validated arguments and a
 * `SkillContext`; it returns a string (one user message), an array of messages or a
 * `GetPromptResult`.
 */
export const Prompt = skillDecorator<PromptOptions>();
