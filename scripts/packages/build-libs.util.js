const { cpSync, mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { entrySource } = require('./lib-entries.util');
const { runBounded } = require('./run-bounded.util');

/** tsc over the five libs, on two CPUs shared with other work: generous, but bounded. */
const TSC_TIMEOUT_MS = 240_000;

/**
 * The tsconfig of the package build: the repository's compiler settings (CommonJS, decorators and
 * their metadata, ES2022) over every lib's sources and nothing else, with declarations and without
 * source maps (they would point at .ts files the packages do not ship). `@skillnest/*` resolve to
 * the entries only, never to `<lib>/*`: an import that is not an entry cannot compile, and the
 * emitted code keeps `require("@skillnest/x")`, a package import.
 */
function packageTsconfig(root, libs, outDir) {
  const paths = {};
  for (const lib of libs) {
    for (const entry of lib.entries) paths[entry === 'index' ? lib.packageName : `${lib.packageName}/${entry}`] = [entrySource(root, lib.sourceRoot, entry)];
  }
  return {
    extends: join(root, 'tsconfig.json'),
    compilerOptions: {
      rootDir: join(root, 'libs'),
      outDir,
      types: ['node'],
      typeRoots: [join(root, 'node_modules', '@types')],
      declaration: true,
      declarationMap: false,
      sourceMap: false,
      incremental: false,
      noEmit: false,
      paths,
    },
    include: libs.map((lib) => join(root, lib.sourceRoot, '**', '*.ts')),
    exclude: [join(root, '**', '*.spec.ts'), join(root, 'node_modules')],
  };
}

/**
 * Compiles the libs with the repository's own tsc in one program (one start, one type check of
 * what they share), then copies each lib's output to `<stage>/<lib>/dist`.
 * @returns {Map<string, string>} each lib's package folder
 */
function buildLibs(root, libs, workDir) {
  const outDir = join(workDir, 'tsc-out');
  const tsconfig = join(workDir, 'tsconfig.packages.json');
  mkdirSync(workDir, { recursive: true });
  writeFileSync(tsconfig, `${JSON.stringify(packageTsconfig(root, libs, outDir), null, 2)}\n`);
  runBounded('tsc (the package build)', process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig], { cwd: root, timeoutMs: TSC_TIMEOUT_MS });
  const folders = new Map();
  for (const lib of libs) {
    const folder = join(workDir, 'stage', lib.name);
    // The lib's sourceRoot is libs/<name>/src: its output sits at <outDir>/<name>/src.
    cpSync(join(outDir, lib.sourceRoot.replace(/^libs\//, '')), join(folder, 'dist'), { recursive: true });
    folders.set(lib.name, folder);
  }
  return folders;
}

module.exports = { buildLibs, packageTsconfig };
