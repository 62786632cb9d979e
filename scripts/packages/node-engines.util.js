const { existsSync, readFileSync } = require('node:fs');
const { dirname, extname, join } = require('node:path');
const { PackLibsMessages } = require('./pack-libs.messages');
const { REQUIRE_ESM_NODE } = require('./package-policy.constants');
const { intersectRanges } = require('./semver-range.util');

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
 * A package's `engines.node`: the Node versions that `base` (the root package.json's), require(esm)
 * (when its CommonJS requires an ES module) and every package of its installed tree (see
 * dependencyTree; `siblings`: the engines of the @skillnest/* packages it needs) all allow. Throws
 * when there is none.
 * @returns {{ range: string, binding: string[], checked: number, esModules: string[] }} binding: what narrowed the range, in order
 */
function nodeEngines(semver, root, { name, base, dependencies, peers, siblings, specifiers }) {
  const tree = dependencyTree(
    root,
    dependencies,
    peers.filter((peer) => !peer.startsWith('@skillnest/')),
  );
  const esModules = [...specifiers].filter((specifier) => !specifier.startsWith('@skillnest/') && isEsModule(root, specifier));
  const constraints = [
    ...(esModules.length ? [{ label: `require(esm) of ${esModules[0]}`, node: REQUIRE_ESM_NODE }] : []),
    ...Object.entries(siblings).map(([sibling, node]) => ({ label: sibling, node })),
    ...tree.filter((entry) => semver.validRange(entry.node) !== null).map((entry) => ({ label: `${entry.name}@${entry.version}`, node: entry.node })),
  ];
  let range = semver.validRange(base) ? base : '*';
  const binding = [];
  for (const { label, node } of constraints) {
    const narrowed = intersectRanges(semver, range, node);
    if (narrowed === undefined) throw new Error(PackLibsMessages.noNode(name, range, `${label}: ${node}`));
    if (!semver.subset(range, narrowed)) binding.push(`${label}: ${node}`);
    range = narrowed;
  }
  return { range, binding, checked: tree.length, esModules };
}

module.exports = { dependencyTree, nodeEngines };
