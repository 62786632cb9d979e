import { skillDecorator } from './skill-decorator.util';
import type { ResourceOptions } from '../interfaces/skill-options.interface';

/**
 * Marks a provider method as the reader of one MCP resource at a fixed URI. The method receives
 * `{ uri }` and a `SkillContext`; it returns a string, bytes, a JSON-serialisable value, or a
 * full `ReadResourceResult`.
 */
export const Resource = skillDecorator<ResourceOptions>();
