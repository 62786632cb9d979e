/** What `npm run pack:libs` says when it refuses: each names the lib, the file and what to change. */
const PackLibsMessages = {
  unknownOption: (option) => `pack-libs: unknown option ${option} (usage: node scripts/pack-libs.js [--out <dir>])`,
  missingEntry: (specifier, file, where) => `pack-libs: ${where} imports ${specifier}, but ${file} does not exist: a subpath of a lib must be a file in its src/`,
  stepFailed: (what, code, output) => `pack-libs: ${what} failed (${code}):\n${output.trim()}`,
  intoAnotherLib: (file, specifier) => `pack-libs: ${file} requires ${specifier}, a file outside its own lib: import the other lib by its package name (@skillnest/...)`,
  notAnEntry: (file, specifier) => `pack-libs: ${file} imports ${specifier}, which is not an entry of that package (its index.ts or a subpath some code imports)`,
  undeclared: (lib, name, file) => `pack-libs: ${lib} needs ${name} (${file}), which the root package.json does not declare: add it there first`,
  noNode: (lib, range, constraint) => `pack-libs: no Node version suits ${lib}: what it needs so far is ${range}, and ${constraint}`,
  siblingCycle: (names) => `pack-libs: ${names.join(', ')} need each other as peers: their Node engines cannot be worked out in order`,
  missingInstall: (name) => `pack-libs: ${name} is not installed in the root node_modules, so its Node engines cannot be checked`,
};

module.exports = { PackLibsMessages };
