import { skillDecorator } from './skill-decorator.util';
import type { ResourceTemplateOptions } from '../interfaces/skill-options.interface';

/**
 * Marks a provider method as the reader of every resource matching an RFC 6570 URI template.
 * The method receives the template variables (plus `uri`) and a `SkillContext`.
 */
export const ResourceTemplate = skillDecorator<ResourceTemplateOptions>();
