/** Every message of the skill-module schematic: what was wrong and what to do instead. */
const SkillModuleMessages = {
  /** @param {string} feature */
  badName: (feature) => `"${feature}" is not a usable module name: use letters, digits and dashes, starting with a letter (e.g. parcels).`,
  typeScriptOnly: () => 'skill-module generates TypeScript only.',
  /** @param {string} moduleDir @param {string} moduleClass */
  noParentModule: (moduleDir, moduleClass) => `No module above ${moduleDir} to import ${moduleClass} into: add it to your AppModule's imports.`,
};

module.exports = { SkillModuleMessages };
