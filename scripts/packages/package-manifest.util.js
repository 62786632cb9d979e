const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { entryOutput } = require('./lib-entries.util');
const { DESCRIPTIONS, OPTIONAL_PEER, USED_WITHOUT_REQUIRE, peerReason } = require('./package-policy.constants');
const { PackLibsMessages } = require('./pack-libs.messages');

function installed(root, name) {
  const file = join(root, 'node_modules', name, 'package.json');
  return existsSync(file) ? { dir: join(root, 'node_modules', name), manifest: JSON.parse(readFileSync(file, 'utf8')) } : undefined;
}

/** Whether a package ships its own type declarations (else its types are `@types/<name>`). */
function hasOwnTypes(root, name) {
  const found = installed(root, name);
  if (!found) return true;
  const { dir, manifest } = found;
  return Boolean(manifest.types || manifest.typings || JSON.stringify(manifest.exports ?? {}).includes('"types"') || existsSync(join(dir, 'index.d.ts')));
}

/** `pg` -> `@types/pg`, `@scope/name` -> `@types/scope__name`. */
function typesPackageOf(name) {
  return `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;
}

function sorted(record) {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** `exports` (conditions `types` then `default`), and `typesVersions` so TypeScript's node10 resolution finds subpath types too. */
function entryFields(root, lib) {
  const exports = {};
  const typesVersions = {};
  for (const entry of lib.entries) {
    const output = entryOutput(root, lib, entry);
    exports[entry === 'index' ? '.' : `./${entry}`] = { types: `./${output}.d.ts`, default: `./${output}.js` };
    if (entry !== 'index') typesVersions[entry] = [`${output}.d.ts`];
  }
  exports['./package.json'] = './package.json';
  const index = entryOutput(root, lib, 'index');
  return { main: `${index}.js`, types: `${index}.d.ts`, exports, ...(Object.keys(typesVersions).length ? { typesVersions: { '*': typesVersions } } : {}) };
}

/**
 * The package.json of one lib, from what its compiled files require (`required`, see
 * required-packages.util.js) and the root package.json's versions: peers per
 * package-policy.constants.js, everything else a dependency, `@types/<x>` a dependency when the
 * .d.ts use `x` and `x` has no types of its own. Throws for a package the root does not declare.
 * @returns {{ manifest: object, reasons: Record<string, string> }} reasons: why each peer is one
 */
function libManifest(root, rootManifest, lib, required) {
  const declared = { ...rootManifest.devDependencies, ...rootManifest.dependencies };
  const rangeOf = (name, file) => {
    const range = name.startsWith('@skillnest/') ? rootManifest.version : declared[name];
    if (!range) throw new Error(PackLibsMessages.undeclared(lib.packageName, name, file));
    return range;
  };
  // Each package needed, with one file that needs it (for the message when the root lacks it).
  const needs = new Map([...Object.keys(USED_WITHOUT_REQUIRE[lib.name] ?? {}).map((name) => [name, 'package-policy.constants.js']), ...required.types, ...required.runtime]);
  const dependencies = {};
  const peerDependencies = {};
  const reasons = {};
  for (const [name, file] of needs) {
    if (name === lib.packageName) continue;
    const reason = peerReason(lib.name, name);
    (reason ? peerDependencies : dependencies)[name] = rangeOf(name, file);
    if (reason) reasons[name] = reason;
    if (required.types.has(name) && !hasOwnTypes(root, name)) dependencies[typesPackageOf(name)] = rangeOf(typesPackageOf(name), required.types.get(name));
  }
  const manifest = {
    name: lib.packageName,
    version: rootManifest.version,
    description: DESCRIPTIONS[lib.name] ?? rootManifest.description,
    license: rootManifest.license,
    ...entryFields(root, lib),
    files: ['dist'],
    // The root's for now: pack-libs narrows it to what the package's dependency tree allows (node-engines.util.js).
    engines: { node: rootManifest.engines?.node },
    dependencies: sorted(dependencies),
    peerDependencies: sorted(peerDependencies),
  };
  const optional = Object.keys(peerDependencies).filter(OPTIONAL_PEER);
  if (optional.length) manifest.peerDependenciesMeta = Object.fromEntries(optional.sort().map((name) => [name, { optional: true }]));
  return { manifest, reasons };
}

/**
 * The schematics collection's package.json: its own (schematics/package.json, whose peers are the
 * schematics host's packages) with the root's version, the files it ships and the engines; throws
 * when its code requires a package that manifest does not declare.
 */
function schematicsManifest(rootManifest, source, required) {
  const declared = { ...source.dependencies, ...source.peerDependencies };
  for (const [name, file] of required.runtime) if (!declared[name]) throw new Error(PackLibsMessages.undeclared(source.name, name, file));
  return { ...source, version: rootManifest.version, license: rootManifest.license, files: ['collection.json', 'skill-module'], engines: { node: rootManifest.engines?.node } };
}

module.exports = { libManifest, schematicsManifest, typesPackageOf };
