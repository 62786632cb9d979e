import { skillDecorator } from './skill-decorator.util';
import type { ToolOptions } from '../interfaces/skill-options.interface';

/**
 * Marks a provider method as an MCP tool. The method receives the validated input and a
 * `SkillContext`; it returns a value matching `output`, a string, or a full `CallToolResult`.
 *
 * @example
 * ```ts
 * @Tool({ description: 'Find services by owner', input: FindServicesDto, annotations: { readOnly: true } })
 * find(input: FindServicesDto, ctx: SkillContext) { ... }
 * ```
 */
export const Tool = skillDecorator<ToolOptions>();
