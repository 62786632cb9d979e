const { SkillModuleMessages } = require('./skill-module.messages');

/**
 * A rule that adds the new module to the imports of the closest module above its folder (the
 * app's `AppModule`), as `nest g module` does, with the same finder and declarator
 * (`@nestjs/schematics`, an ES module, hence the dynamic import).
 * @param {{ name: string; moduleClass: string; moduleDir: string }} generated the module's name, class and folder (from the workspace root)
 * @returns {import('@angular-devkit/schematics').Rule}
 */
function addToParentModule(generated) {
  return async (tree, context) => {
    const { ModuleDeclarator, ModuleFinder } = await import('@nestjs/schematics');
    const parent = new ModuleFinder(tree).find({ name: generated.name, path: `/${generated.moduleDir}` });
    if (!parent) {
      context.logger.warn(SkillModuleMessages.noParentModule(generated.moduleDir, generated.moduleClass));
      return tree;
    }
    const content = tree.readText(parent);
    const declared = new ModuleDeclarator().declare(content, {
      metadata: 'imports',
      type: 'module',
      name: generated.name,
      className: generated.moduleClass,
      path: `/${generated.moduleDir}`,
      module: parent,
    });
    tree.overwrite(parent, declared);
    return tree;
  };
}

module.exports = { addToParentModule };
