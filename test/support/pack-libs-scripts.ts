import { createRequire } from 'node:module';
import { join } from 'node:path';

const SCRIPTS = join(__dirname, '..', '..', 'scripts', 'packages');
/** Plain Node require, outside jest's module registry: the scripts are CommonJS run by Node itself, with the repository's tsc and semver. */
const load = createRequire(__filename);

/** What a built package's compiled files need (scripts/packages/required-packages.util.js). */
export interface RequiredPackages {
  runtime: Map<string, string>;
  types: Map<string, string>;
  specifiers: Set<string>;
}

/** A lib as pack-libs sees it (scripts/packages/lib-entries.util.js). */
export interface PackedLib {
  name: string;
  packageName: string;
  sourceRoot: string;
  entries: string[];
}

/** The package.json fields the specs read. */
export interface PackageManifest {
  name: string;
  version: string;
  license?: string;
  main?: string;
  types?: string;
  exports?: Record<string, unknown>;
  typesVersions?: Record<string, Record<string, string[]>>;
  files?: string[];
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** The part of semver the specs use. */
export interface Semver {
  satisfies(version: string, range: string): boolean;
  subset(sub: string, dom: string): boolean;
  validRange(range: string): string | null;
}

export const typescript: unknown = load('typescript');
export const semver = load('semver') as Semver;

export const { requiredPackages } = load(join(SCRIPTS, 'required-packages.util.js')) as {
  requiredPackages(ts: unknown, dir: string, entriesOf: (name: string) => string[] | undefined): RequiredPackages;
};
export const { libEntries } = load(join(SCRIPTS, 'lib-entries.util.js')) as { libEntries(root: string): PackedLib[] };
export const { libManifest } = load(join(SCRIPTS, 'package-manifest.util.js')) as {
  libManifest(root: string, rootManifest: PackageManifest, lib: PackedLib, required: RequiredPackages): { manifest: PackageManifest; reasons: Record<string, string> };
};
export const { dependencyTree, nodeEngines } = load(join(SCRIPTS, 'node-engines.util.js')) as {
  dependencyTree(root: string, dependencies: string[], peers: string[]): Array<{ name: string; version: string; node: string }>;
  nodeEngines(
    semver: Semver,
    root: string,
    options: { name: string; base: string; dependencies: string[]; peers: string[]; siblings: Record<string, string>; specifiers: Iterable<string> },
  ): { range: string; binding: string[]; checked: number; esModules: string[] };
};
export const { intersectRanges } = load(join(SCRIPTS, 'semver-range.util.js')) as { intersectRanges(semver: Semver, a: string, b: string): string | undefined };
