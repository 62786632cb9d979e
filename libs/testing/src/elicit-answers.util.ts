import type { ElicitRequestParams, ElicitResult } from '@modelcontextprotocol/client';
import { SkillnestTestingError } from './skillnest-testing.error';
import type { ElicitAnswers } from './skills-client.options';
import { TestingMessages } from './testing.messages';

/**
 * The answer the client gives to one elicitation. A map accepts with the requested fields it has
 * and fails, naming them, when a required one is missing: a test that did not foresee a question
 * should fail on it, not answer it with nothing.
 */
export async function answerElicitation(answers: ElicitAnswers, request: ElicitRequestParams): Promise<ElicitResult> {
  if (typeof answers === 'function') return answers(request);
  if (request.mode === 'url') throw new SkillnestTestingError(TestingMessages.elicitUrlMode(request.message));
  const { properties, required = [] } = request.requestedSchema;
  const missing = required.filter((field) => !(field in answers));
  if (missing.length) throw new SkillnestTestingError(TestingMessages.elicitUnanswered(request.message, missing));
  const content = Object.fromEntries(Object.keys(properties).flatMap((field) => (field in answers ? [[field, answers[field]]] : [])));
  return { action: 'accept', content };
}
