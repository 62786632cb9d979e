const { posix } = require('node:path');
const { SchematicsException, apply, applyTemplates, chain, mergeWith, move, noop, url } = require('@angular-devkit/schematics');
const { nextMigrationFile } = require('./next-migration');
const { addToParentModule } = require('./parent-module');
const { SkillModuleMessages } = require('./skill-module.messages');
const { skillNames } = require('./skill-names');

/** A path from the workspace root, without a leading or trailing slash. */
const rooted = (...parts) => posix.join(...parts.filter(Boolean)).replace(/^\/+|\/+$/g, '');

/** A relative import specifier, from one folder to a file or folder (both from the workspace root). */
const specifier = (fromDir, to) => {
  const path = posix.relative(fromDir, to);
  return path.startsWith('.') ? path : `./${path}`;
};

/**
 * `nest g -c ./schematics/collection.json skill-module <name>`: a skill module in the house style of
 * the README guide (examples/tickets): `<name>.module.ts`, `<singular>.skills.ts` with one tool on
 * the app's PostgreSQL pool, its input and output DTOs, the next `NNN_<name>.sql` migration, and
 * a spec under the spec root that starts the module with `@skillnest/testing` and passes as generated.
 * @param {{ name: string; path?: string; sourceRoot?: string; migrationsDir?: string; specRoot?: string; spec?: boolean; flat?: boolean; skipImport?: boolean; language?: string }} options
 * @returns {import('@angular-devkit/schematics').Rule}
 */
function skillModule(options) {
  return (tree) => {
    if (options.language && options.language !== 'ts') throw new SchematicsException(SkillModuleMessages.typeScriptOnly());
    let names;
    try {
      names = skillNames(posix.basename(options.name));
    } catch (error) {
      throw new SchematicsException(error.message);
    }
    const nested = posix.dirname(options.name) === '.' ? '' : posix.dirname(options.name);
    const moduleDir = rooted(options.sourceRoot ?? 'src', options.path, nested, options.flat ? '' : names.name);
    const specDir = rooted(options.specRoot ?? 'test', moduleDir);
    const migrationsDir = rooted(options.migrationsDir ?? 'migrations');
    const migrationFile = nextMigrationFile(tree, migrationsDir, names.table);
    const values = {
      ...names,
      migrationFile,
      moduleImport: specifier(specDir, posix.join(moduleDir, `${names.name}.module`)),
      // Path segments for join(__dirname, ...): the spec finds the folder wherever the tests run from.
      migrationsPath: posix
        .relative(specDir, migrationsDir)
        .split('/')
        .map((part) => `'${part}'`)
        .join(', '),
    };
    const files = (folder, target) => mergeWith(apply(url(`./files/${folder}`), [applyTemplates(values), move(target)]));
    return chain([
      // Before the new module exists, or the finder would find the new module itself.
      options.skipImport ? noop() : addToParentModule({ name: names.name, moduleClass: names.moduleClass, moduleDir }),
      files('module', moduleDir),
      files('migration', migrationsDir),
      options.spec === false ? noop() : files('spec', specDir),
    ]);
  };
}

module.exports = { skillModule };
