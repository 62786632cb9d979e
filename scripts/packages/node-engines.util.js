const { existsSync, readFileSync } = require('node:fs');
const { dirname, extname, join } = require('node:path');
const { PackLibsMessages } = require('./pack-libs.messages');
const { REQUIRE_ESM_NODE } = require('./package-policy.constants');

/** Node's own lookup: `node_modules/<name>` in `from` and each folder above it. */
function findInstalled(from, name) {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(file)) return { dir: dirname(file), manifest: JSON.parse(readFileSync(file, 'utf8')) };
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Every installed package that `dependencies` bring (their dependencies, installed optional ones
 * and non-optional peers, found as Node would from each package's folder, all the way down) and
 * `peers` themselves, with its `engines.node`.
 * @returns {{ name: string, version: string, node: string }[]}
 */
function dependencyTree(root, dependencies, peers) {
  const seen = new Map();
  for (const name of peers) {
    const found = findInstalled(root, name);
    if (!found) throw new Error(PackLibsMessages.missingInstall(name));
    seen.set(found.dir, found.manifest);
  }
  const queue = dependencies.map((name) => [root, name, true]);
  while (queue.length) {
    const [from, name, direct] = queue.shift();
    const found = findInstalled(from, name);
    if (!found) {
      if (direct) throw new Error(PackLibsMessages.missingInstall(name));
      continue;
    }
    if (seen.has(found.dir)) continue;
    seen.set(found.dir, found.manifest);
    const { dependencies = {}, optionalDependencies = {}, peerDependencies = {}, peerDependenciesMeta = {} } = found.manifest;
    const peers = Object.keys(peerDependencies).filter((peer) => !peerDependenciesMeta[peer]?.optional);
    for (const next of [...Object.keys(dependencies), ...Object.keys(optionalDependencies), ...peers]) queue.push([found.dir, next, false]);
  }
  return [...seen.values()].filter((manifest) => manifest.engines?.node).map((manifest) => ({ name: manifest.name, version: manifest.version, node: manifest.engines.node }));
}

/** Whether Node's require() of `specifier` from `root` loads an ES module (.mjs, or .js in a `"type": "module"` package). */
function isEsModule(root, specifier) {
  const file = require.resolve(specifier, { paths: [root] });
  if (extname(file) !== '.js') return extname(file) === '.mjs';
  for (let dir = dirname(file); dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')).type === 'module';
  }
  return false;
}

/**
 * Checks that a package's `engines.node` promises no Node version that its installed dependency
 * tree (see dependencyTree) excludes, and none without require(esm) when its CommonJS requires an
 * ES module. Throws naming the packages that disagree.
 * @returns {{ checked: number, strictest: string[], esModules: string[] }} what it checked (for the summary)
 */
function checkNodeEngines(semver, root, manifest, specifiers) {
  const range = manifest.engines.node;
  const peers = Object.keys(manifest.peerDependencies ?? {}).filter((name) => !name.startsWith('@skillnest/'));
  const tree = dependencyTree(root, Object.keys(manifest.dependencies ?? {}), peers);
  const allows = (theirs) => semver.validRange(theirs) === null || semver.subset(range, theirs);
  const offenders = tree.filter((entry) => !allows(entry.node)).map((entry) => `${entry.name}@${entry.version}: ${entry.node}`);
  if (offenders.length) throw new Error(PackLibsMessages.engines(manifest.name, range, offenders));
  const esModules = [...specifiers].filter((specifier) => !specifier.startsWith('@skillnest/') && isEsModule(root, specifier));
  if (esModules.length && !semver.subset(range, REQUIRE_ESM_NODE)) throw new Error(PackLibsMessages.requireEsm(manifest.name, range, esModules));
  // The constraints that bind: those that a plain `>=20` would break.
  const strictest = [...new Set(tree.filter((entry) => !semver.subset('>=20', entry.node)).map((entry) => `${entry.name} ${entry.node}`))];
  return { checked: tree.length, strictest, esModules };
}

module.exports = { checkNodeEngines, dependencyTree };
