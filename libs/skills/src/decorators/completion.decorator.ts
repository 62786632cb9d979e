import { skillDecorator } from './skill-decorator.util';

/** Options of `@Completion()`: which argument of which prompt or resource template it completes. */
export type CompletionOptions = { prompt: string; argument: string } | { resourceTemplate: string; argument: string };

/**
 * Marks a provider method that suggests values for one prompt argument or resource-template
 * variable (`completion/complete`), or several of them (pass an array). The method receives `{ value, context }` (the partial value
 * and the other arguments already given) and returns up to 100 strings, best first.
 *
 * @example
 * ```ts
 * @Completion({ prompt: 'review_service_readiness', argument: 'service' })
 * services({ value }: CompletionRequest) { return this.catalog.names().filter((n) => n.startsWith(value)); }
 * ```
 */
export const Completion = skillDecorator<CompletionOptions | CompletionOptions[]>();

/** What a completion method receives. */
export interface CompletionRequest {
  value: string;
  /** Other arguments the client already filled in. */
  context: Record<string, string>;
}
