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
const { checkNodeEngines } = require('./packages/node-engines.util');
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
  const summary = [];
  for (const lib of libs) {
    const folder = folders.get(lib.name);
    const required = requiredPackages(ts, folder, entriesOf);
    const { manifest, reasons } = libManifest(ROOT, rootManifest, lib, required);
    const engines = checkNodeEngines(semver, ROOT, manifest, required.specifiers);
    writeFileSync(join(folder, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(join(folder, 'README.md'), readme(manifest));
    summary.push({ folder, manifest, peerReasons: reasons, engines });
  }
  const schematics = join(work, 'stage', 'schematics');
  cpSync(join(ROOT, 'schematics'), schematics, { recursive: true });
  const source = JSON.parse(readFileSync(join(schematics, 'package.json'), 'utf8'));
  const manifest = schematicsManifest(rootManifest, source, requiredPackages(ts, schematics, entriesOf));
  writeFileSync(join(schematics, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(schematics, 'README.md'), readme(manifest));
  summary.push({ folder: schematics, manifest, peerReasons: {}, engines: undefined });

  const packages = summary.map(({ folder, manifest, peerReasons, engines }) => ({ ...pack(folder, out), name: manifest.name, manifest, peerReasons, engines }));
  rmSync(work, { recursive: true, force: true });
  writeFileSync(join(out, 'packages.json'), `${JSON.stringify(packages, null, 2)}\n`);
  for (const { name, tarball, files, manifest, engines } of packages) {
    const deps = Object.keys(manifest.dependencies ?? {}).length;
    const peers = Object.keys(manifest.peerDependencies ?? {}).join(', ');
    const checked = engines ? `, node ${manifest.engines.node} checked against ${engines.checked} installed packages` : '';
    console.log(`${tarball}: ${name}, ${files.length} files, ${deps} dependencies, peers ${peers || 'none'}${checked}`);
  }
  console.log(`pack-libs: ${packages.length} packages in ${out} (tsc ${((built - started) / 1000).toFixed(1)} s, total ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

try {
  main();
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
}
