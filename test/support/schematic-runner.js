// Runs the repository's skill-module schematic on in-memory workspaces, in a plain Node process: the
// Angular devkit it runs on pulls in ES-module-only packages that jest's CommonJS runtime cannot
// load. Reads scenarios as JSON on stdin, writes their outcomes as JSON on stdout.
const { join } = require('node:path');
const { HostTree } = require('@angular-devkit/schematics');
const { SchematicTestRunner } = require('@angular-devkit/schematics/testing');

const runner = new SchematicTestRunner('skillnest', join(__dirname, '..', '..', 'schematics', 'collection.json'));

/**
 * One scenario: a workspace with these files, the schematic run with these options.
 * @param {{ files: Record<string, string>; options: Record<string, unknown> }} scenario
 * @returns {Promise<{ files?: Record<string, string>; error?: string; warnings: string[] }>}
 */
async function run(scenario) {
  const tree = new HostTree();
  for (const [path, content] of Object.entries(scenario.files)) tree.create(path, content);
  const warnings = [];
  const subscription = runner.logger.subscribe((entry) => entry.level === 'warn' && warnings.push(entry.message));
  try {
    const result = await runner.runSchematic('skill-module', scenario.options, tree);
    return { files: Object.fromEntries(result.files.map((path) => [path, result.readText(path)])), warnings };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error), warnings };
  } finally {
    subscription.unsubscribe();
  }
}

(async () => {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const outcomes = [];
  for (const scenario of JSON.parse(input)) outcomes.push(await run(scenario));
  process.stdout.write(JSON.stringify(outcomes));
})();
