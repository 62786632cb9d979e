import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { libManifest, type PackageManifest, type RequiredPackages } from '../../support/pack-libs-scripts';

/** A root package.json as the repository's: versions of everything the libs may require. */
const ROOT_MANIFEST: PackageManifest = {
  name: 'skillnest',
  version: '0.1.0',
  license: 'MIT',
  engines: { node: '>=20.19' },
  dependencies: { '@nestjs/common': '^12.5.1', '@nestjs/platform-fastify': '^12.5.0', 'class-validator': '^0.15.1', fastify: '^5.12.8', ioredis: '^6.0.0', pg: '^8.23.1' },
  devDependencies: { '@types/pg': '^8.23.1' },
};

const required = (runtime: string[], types: string[] = []): RequiredPackages => ({
  runtime: new Map(runtime.map((name) => [name, 'dist/index.js'])),
  types: new Map(types.map((name) => [name, 'dist/index.d.ts'])),
  specifiers: new Set(runtime),
});

describe('libManifest (a lib package.json from what it requires)', () => {
  const root = mkdtempSync(join(tmpdir(), 'skillnest-manifest-'));
  const lib = (name: string, entries = ['index']) => ({ name, packageName: `@skillnest/${name}`, sourceRoot: `libs/${name}/src`, entries });
  beforeAll(() => {
    for (const [file, text] of Object.entries({
      'libs/gateway/src/index.ts': '',
      'libs/skills/src/index.ts': '',
      'libs/skills/src/internal.ts': '',
      'node_modules/pg/package.json': JSON.stringify({ name: 'pg', main: 'lib/index.js' }),
      'node_modules/fastify/package.json': JSON.stringify({ name: 'fastify', types: 'fastify.d.ts' }),
    })) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), text);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("makes Nest, validation, Fastify and siblings peers, the rest dependencies, at the root's ranges, with @types for typeless packages the .d.ts use", () => {
    const { manifest, reasons } = libManifest(
      root,
      ROOT_MANIFEST,
      lib('gateway'),
      required(['@nestjs/common', '@skillnest/skills', 'class-validator', 'ioredis', 'pg'], ['fastify', 'pg']),
    );
    expect(manifest).toMatchObject({ name: '@skillnest/gateway', version: '0.1.0', license: 'MIT', main: 'dist/index.js', types: 'dist/index.d.ts', files: ['dist'] });
    expect(manifest.exports).toEqual({ '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './package.json': './package.json' });
    expect(manifest.dependencies).toEqual({ '@types/pg': '^8.23.1', ioredis: '^6.0.0', pg: '^8.23.1' });
    expect(manifest.peerDependencies).toEqual({
      '@nestjs/common': '^12.5.1',
      // Never required: the gateway mounts its routes on the app's Fastify instance.
      '@nestjs/platform-fastify': '^12.5.0',
      '@skillnest/skills': '0.1.0',
      'class-validator': '^0.15.1',
      fastify: '^5.12.8',
    });
    expect(Object.keys(reasons).sort()).toEqual(Object.keys(manifest.peerDependencies ?? {}).sort());
  });

  it('exports every entry, with typesVersions for TypeScript resolutions that do not read exports', () => {
    const { manifest } = libManifest(root, ROOT_MANIFEST, lib('skills', ['index', 'internal']), required(['@nestjs/common']));
    expect(manifest.exports?.['./internal']).toEqual({ types: './dist/internal.d.ts', default: './dist/internal.js' });
    expect(manifest.typesVersions).toEqual({ '*': { internal: ['dist/internal.d.ts'] } });
  });

  it('refuses a package the root package.json does not declare, naming it and where it is required', () => {
    expect(() => libManifest(root, ROOT_MANIFEST, lib('skills'), required(['left-pad']))).toThrow(
      '@skillnest/skills needs left-pad (dist/index.js), which the root package.json does not declare',
    );
  });
});
