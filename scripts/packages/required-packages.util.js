const { readFileSync, readdirSync } = require('node:fs');
const { isBuiltin } = require('node:module');
const { dirname, join, relative, resolve, sep } = require('node:path');
const { PackLibsMessages } = require('./pack-libs.messages');

/** `@scope/name/sub/path` -> `@scope/name`, `name/sub` -> `name`. */
function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function* compiledFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* compiledFiles(path);
    else if (entry.name.endsWith('.js') || entry.name.endsWith('.d.ts')) yield path;
  }
}

/**
 * The module specifiers a compiled file uses, read with TypeScript's own pre-processor (so a
 * `require('x')` in a JSDoc example is not one): `require()`/`import()` calls in .js, imports,
 * re-exports, `import("x")` types and `/// <reference types>` in .d.ts.
 */
function specifiersOf(ts, file) {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return [...info.importedFiles, ...info.typeReferenceDirectives].map((ref) => ref.fileName);
}

function add(map, name, where) {
  if (!map.has(name)) map.set(name, where);
}

/**
 * What a built package needs, from its compiled files: `runtime` (packages its .js require) and
 * `types` (packages its .d.ts import, which a TypeScript consumer needs resolvable), each mapped to
 * one file that uses it, and `specifiers` (what the .js require, subpaths included). Throws when a file reaches outside its own package by a relative path, or
 * imports a `@skillnest/*` subpath that is not an entry (`entriesOf(packageName)`).
 * @returns {{ runtime: Map<string, string>, types: Map<string, string>, specifiers: Set<string> }}
 */
function requiredPackages(ts, packageDir, entriesOf) {
  const runtime = new Map();
  const types = new Map();
  const specifiers = new Set();
  const root = resolve(packageDir);
  for (const file of compiledFiles(packageDir)) {
    const shown = relative(root, file);
    const into = file.endsWith('.d.ts') ? types : runtime;
    for (const specifier of specifiersOf(ts, file)) {
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier);
        if (target !== root && !target.startsWith(root + sep)) throw new Error(PackLibsMessages.intoAnotherLib(shown, specifier));
        continue;
      }
      if (isBuiltin(specifier)) continue;
      const name = packageNameOf(specifier);
      const entries = entriesOf(name);
      if (entries && specifier !== name && !entries.includes(specifier.slice(name.length + 1))) throw new Error(PackLibsMessages.notAnEntry(shown, specifier));
      // `/// <reference types="node" />` names @types/node, which TypeScript finds by itself.
      if (name === 'node' && into === types) continue;
      add(into, name, shown);
      if (into === runtime) specifiers.add(specifier);
    }
  }
  return { runtime, types, specifiers };
}

module.exports = { requiredPackages, packageNameOf };
