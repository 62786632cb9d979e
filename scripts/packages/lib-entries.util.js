const { existsSync, readFileSync, readdirSync } = require('node:fs');
const { join, relative } = require('node:path');
const { PackLibsMessages } = require('./pack-libs.messages');

/** Where code that uses the libs lives: the libs themselves, the example service and the examples. */
const IMPORTING_FOLDERS = ['libs', 'src', 'examples'];
const SUBPATH_IMPORT = /['"]@skillnest\/([a-z][\w-]*)\/([\w./-]+)['"]/g;

function* typescriptFiles(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* typescriptFiles(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

/** The source file a subpath stands for (`internal` -> `internal.ts` or `internal/index.ts`), if there is one. */
function entrySource(root, sourceRoot, subpath) {
  return [`${subpath}.ts`, join(subpath, 'index.ts')].map((file) => join(root, sourceRoot, file)).find((file) => existsSync(file));
}

/**
 * The libs to package (nest-cli.json's library projects) and each one's entries: `index` (the
 * package itself) and every subpath some lib, the service or an example imports today
 * (`@skillnest/skills/internal`). Entries come from imports, not a list, so a new one
 * (`@skillnest/gateway/tracing`) is packaged as soon as code uses it.
 * @returns {{ name: string, packageName: string, sourceRoot: string, entries: string[] }[]}
 */
function libEntries(root) {
  const cli = JSON.parse(readFileSync(join(root, 'nest-cli.json'), 'utf8'));
  const libs = Object.entries(cli.projects)
    .filter(([, project]) => project.type === 'library')
    .map(([name, project]) => ({ name, packageName: `@skillnest/${name}`, sourceRoot: project.sourceRoot, entries: new Set(['index']) }));
  const byName = new Map(libs.map((lib) => [lib.name, lib]));
  for (const folder of IMPORTING_FOLDERS) {
    for (const file of typescriptFiles(join(root, folder))) {
      for (const [specifier, name, subpath] of readFileSync(file, 'utf8').matchAll(SUBPATH_IMPORT)) {
        const lib = byName.get(name);
        if (!lib) continue;
        const bare = specifier.slice(1, -1);
        if (!entrySource(root, lib.sourceRoot, subpath)) throw new Error(PackLibsMessages.missingEntry(bare, join(lib.sourceRoot, `${subpath}.ts`), relative(root, file)));
        lib.entries.add(subpath);
      }
    }
  }
  return libs.map((lib) => ({ ...lib, entries: [...lib.entries].sort((a, b) => (a === 'index' ? -1 : b === 'index' ? 1 : a.localeCompare(b))) }));
}

/** The compiled file of an entry, relative to the package root: `dist/index`, `dist/internal` (or `dist/<sub>/index`). */
function entryOutput(root, lib, entry) {
  const source = relative(join(root, lib.sourceRoot), entrySource(root, lib.sourceRoot, entry)).replace(/\\/g, '/');
  return `dist/${source.replace(/\.ts$/, '')}`;
}

module.exports = { libEntries, entrySource, entryOutput };
