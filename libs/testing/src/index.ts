/** `@skillnest/testing`: start skill modules behind an in-process gateway and talk to them with the official MCP client, in tests (any runner). */
export { startSkillsHarness, type HarnessDatabase, type SkillsHarness } from './start-skills-harness';
export type { HarnessCallers, HarnessDatabaseOptions, HarnessOverride, SkillsHarnessOptions } from './skills-harness.options';
export type { ElicitAnswers, ElicitValue, SkillsClientOptions, SkillsEra } from './skills-client.options';
export { connectSkillsClient } from './connect-skills-client';
export { createDatabase, DEFAULT_TEST_PG_ADMIN_URL, type CreatedDatabase } from './harness-database.util';
export { SkillnestTestingError } from './skillnest-testing.error';
