#!/usr/bin/env node
// npm run pack:libs [-- --out <dir>]: builds each lib (libs/*, nest-cli.json's library projects)
// and the schematics collection into an installable package, and packs it with `npm pack`.
//
// One tsc program compiles the libs (CommonJS with declarations, as the repository compiles); each
// package's dependencies are what its compiled files require, at the root package.json's ranges
// (peers per scripts/packages/package-policy.constants.js); a package the root does not declare, a
// relative require into another lib, an import of a subpath that is not an entry, or a Node range
// that the dependency tree does not allow fails the run. Tarballs go to <out> (dist/packages),
// with packages.json: what each tarball declares, and why each peer is one.
const { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { buildLibs } = require('./packages/build-libs.util');
const { libEntries } = require('./packages/lib-entries.util');
const { nodeEngines } = require('./packages/node-engines.util');
const { libManifest, schematicsManifest } = require('./packages/package-manifest.util');
const { PackLibsMessages } = require('./packages/pack-libs.messages');
const { requiredPackages } = require('./packages/required-packages.util');
const { runBounded } = require('./packages/run-bounded.util');

const ROOT = resolve(__dirname, '..');
const PACK_TIMEOUT_MS = 60_000;

function outDirOf(argv) {
  if (argv.length === 0) return join(ROOT, 'dist', 'packages');
  if (argv[0] === '--out' && argv[1] && argv.length === 2) return resolve(argv[1]);
  throw new Error(PackLibsMessages.unknownOption(argv.join(' ')));
}

function readme(manifest) {
  return `# ${manifest.name}\n\n${manifest.description}.\n\nPart of Skillnest, a NestJS framework for MCP skill servers: install the @skillnest/* packages of one release together.\n`;
}

/**
 * Sets each package's `engines.node` (see nodeEngines), siblings first: a package's range is
 * within those of the @skillnest/* peers it needs (the gateway needs the pools').
 */
function setNodeEngines(semver, base, staged) {
  const done = new Map();
  const pending = [...staged];
  const siblingsOf = (manifest) => Object.keys(manifest.peerDependencies ?? {}).filter((name) => name.startsWith('@skillnest/'));
  while (pending.length) {
    const next = pending.find(({ manifest }) => siblingsOf(manifest).every((name) => done.has(name)));
    if (!next) throw new Error(PackLibsMessages.siblingCycle(pending.map(({ manifest }) => manifest.name)));
    pending.splice(pending.indexOf(next), 1);
    const { manifest, required, hostProvided } = next;
    next.engines = nodeEngines(semver, ROOT, {
      name: manifest.name,
      base,
      dependencies: Object.keys(manifest.dependencies ?? {}),
      peers: hostProvided ? [] : Object.keys(manifest.peerDependencies ?? {}).filter((peer) => !manifest.peerDependenciesMeta?.[peer]?.optional),
      siblings: Object.fromEntries(siblingsOf(manifest).map((name) => [name, done.get(name)])),
      specifiers: hostProvided ? [] : required.specifiers,
    });
    manifest.engines = { node: next.engines.range };
    done.set(manifest.name, next.engines.range);
  }
}

/** `npm pack` of one staged package folder into `out`: the tarball's file name and the files it holds. */
function pack(folder, out) {
  const output = runBounded(`npm pack ${folder}`, 'npm', ['pack', folder, '--pack-destination', out, '--json', '--ignore-scripts', '--loglevel=error'], {
    cwd: out,
    timeoutMs: PACK_TIMEOUT_MS,
  });
  const [result] = JSON.parse(output);
  return { tarball: result.filename, files: result.files.map((file) => file.path) };
}

function main() {
  const started = Date.now();
  const out = outDirOf(process.argv.slice(2));
  const work = join(out, '.build');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const ts = require(join(ROOT, 'node_modules', 'typescript'));
  const semver = require(join(ROOT, 'node_modules', 'semver'));
  const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const libs = libEntries(ROOT);
  const entriesOf = (name) => libs.find((lib) => lib.packageName === name)?.entries;
  const folders = buildLibs(ROOT, libs, work);
  const built = Date.now();
  const staged = libs.map((lib) => {
    const folder = folders.get(lib.name);
    const required = requiredPackages(ts, folder, entriesOf);
    return { folder, required, ...libManifest(ROOT, rootManifest, lib, required) };
  });
  const schematics = join(work, 'stage', 'schematics');
  cpSync(join(ROOT, 'schematics'), schematics, { recursive: true });
  const source = JSON.parse(readFileSync(join(schematics, 'package.json'), 'utf8'));
  const required = requiredPackages(ts, schematics, entriesOf);
  // The collection's peers come with the schematics host (the nest CLI), at whatever release it has, so their
  // trees say nothing about it; it requires only the CommonJS devkit, and loads @nestjs/schematics with import().
  staged.push({ folder: schematics, required, manifest: schematicsManifest(rootManifest, source, required), reasons: {}, hostProvided: true });
  setNodeEngines(semver, rootManifest.engines?.node, staged);
  for (const { folder, manifest } of staged) {
    writeFileSync(join(folder, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(join(folder, 'README.md'), readme(manifest));
  }

  const packages = staged.map(({ folder, manifest, reasons, engines }) => ({ ...pack(folder, out), name: manifest.name, manifest, peerReasons: reasons, engines }));
  rmSync(work, { recursive: true, force: true });
  writeFileSync(join(out, 'packages.json'), `${JSON.stringify(packages, null, 2)}\n`);
  for (const { name, tarball, files, manifest, engines } of packages) {
    const deps = Object.keys(manifest.dependencies ?? {}).length;
    const peers = Object.keys(manifest.peerDependencies ?? {}).join(', ');
    const why = engines.binding.length ? ` (${engines.binding.join('; ')})` : '';
    console.log(`${tarball}: ${name}, ${files.length} files, ${deps} dependencies, peers ${peers || 'none'}; node ${manifest.engines.node}${why}`);
  }
  console.log(`pack-libs: ${packages.length} packages in ${out} (tsc ${((built - started) / 1000).toFixed(1)} s, total ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

try {
  main();
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
}
