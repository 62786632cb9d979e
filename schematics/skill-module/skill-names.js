const { strings } = require('@angular-devkit/core');
const { SkillModuleMessages } = require('./skill-module.messages');

/**
 * The singular of an English plural, by the common rules only (parcels, deliveries, boxes,
 * addresses); a word that does not look plural stays as it is. Irregular plurals are the author's
 * to rename after generating.
 * @param {string} word one dasherized word
 * @returns {string}
 */
function singularOf(word) {
  if (/[^aeiou]ies$/.test(word)) return word.slice(0, -3) + 'y';
  if (/(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (/(ss|us|is)$/.test(word) || !word.endsWith('s')) return word;
  return word.slice(0, -1);
}

/**
 * Every name the templates use, from the feature name given to the generator (`parcel-lockers`):
 * the module, folder, table, scope and migration after the feature; the provider, DTOs and tool
 * after its singular, as the guide's `TicketsModule` / `TicketSkills` / `ticket_create` are.
 * @param {string} feature the name as typed (any case)
 */
function skillNames(feature) {
  const name = strings.dasherize(feature);
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(SkillModuleMessages.badName(feature));
  const parts = name.split('-');
  const singular = [...parts.slice(0, -1), singularOf(parts[parts.length - 1])].join('-');
  const singularClass = strings.classify(singular);
  return {
    name,
    singular,
    human: parts.join(' '),
    Human: strings.capitalize(parts.join(' ')),
    humanSingular: singular.split('-').join(' '),
    moduleClass: `${strings.classify(name)}Module`,
    skillsClass: `${singularClass}Skills`,
    createDto: `Create${singularClass}Dto`,
    outputDto: `${singularClass}Dto`,
    rowType: `${singularClass}Row`,
    toOutput: `to${singularClass}`,
    toolName: `${strings.underscore(singular)}_create`,
    table: strings.underscore(name),
    scope: `${name}:write`,
  };
}

module.exports = { skillNames, singularOf };
