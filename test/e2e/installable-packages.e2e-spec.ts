import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { dependencyTree, requiredPackages, semver, typescript, type PackageManifest as Manifest } from '../support/pack-libs-scripts';
import { installScratch, runStep, serveScratch, type InstallMode, type Step } from '../support/scratch-app';

const ROOT = join(__dirname, '..', '..');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'installable-app');
const LIBS = ['skills', 'pools', 'gateway', 'claude', 'testing'];
/** Bounds of each step (two shared CPUs): a step that hangs fails the spec instead of holding the run. */
const PACK_MS = 180_000;
const INSTALL_MS = 180_000;
const TSC_MS = 90_000;
const RUN_MS = 30_000;

/** What the app declares itself, as a team would: what its own code imports. npm installs the packages' other peers (fastify, @nestjs/swagger, @nestjs/terminus, the schematics host). */
const APP_DEPENDENCIES = ['@nestjs/common', '@nestjs/core', '@nestjs/platform-fastify', 'reflect-metadata', 'rxjs', 'class-validator', 'class-transformer'];
const APP_DEV_DEPENDENCIES = ['@nestjs/testing', '@modelcontextprotocol/client', 'typescript', '@types/node'];

const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
const declared: Record<string, string> = { ...root.devDependencies, ...root.dependencies };
const pick = (names: string[]) => Object.fromEntries(names.map((name) => [name, declared[name]]));

describe('the @skillnest/* tarballs, installed into a scratch Nest app outside the repository', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'skillnest-packages-'));
  const tarballs = join(scratch, 'tarballs');
  const app = join(scratch, 'app');
  const tsc = join(app, 'node_modules', 'typescript', 'bin', 'tsc');
  const installed = (name: string) => join(app, 'node_modules', '@skillnest', name);
  const manifestOf = (name: string) => JSON.parse(readFileSync(join(installed(name), 'package.json'), 'utf8')) as Manifest;
  let packed: Step;
  let install: (Step & { mode: InstallMode }) | undefined;
  let compiled: Step | undefined;
  let packages: Array<{ name: string; tarball: string }> = [];

  beforeAll(
    async () => {
      packed = await runStep(ROOT, process.execPath, [join(ROOT, 'scripts', 'pack-libs.js'), '--out', tarballs], PACK_MS);
      if (packed.code !== 0) return;
      packages = JSON.parse(readFileSync(join(tarballs, 'packages.json'), 'utf8')) as typeof packages;
      cpSync(FIXTURE, app, { recursive: true });
      mkdirSync(join(app, 'migrations'));
      const tarball = (name: string) => `file:${join(tarballs, packages.find((entry) => entry.name === name)!.tarball)}`;
      const ours = (names: string[]) => Object.fromEntries(names.map((name) => [`@skillnest/${name}`, tarball(`@skillnest/${name}`)]));
      const manifest = {
        name: 'scratch-skills-app',
        version: '0.0.0',
        private: true,
        dependencies: { ...ours(['skills', 'pools', 'gateway', 'claude']), ...pick(APP_DEPENDENCIES) },
        devDependencies: { ...ours(['testing', 'schematics']), ...pick(APP_DEV_DEPENDENCIES) },
      };
      writeFileSync(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      install = await installScratch(app, INSTALL_MS);
      if (install.code !== 0) return;
      compiled = await runStep(app, process.execPath, [tsc, '-p', 'tsconfig.json'], TSC_MS);
    },
    PACK_MS + 2 * INSTALL_MS + TSC_MS,
  );

  afterAll(() => {
    const seconds = (step?: Step) => (step ? `${(step.ms / 1000).toFixed(1)} s` : 'not run');
    console.log(`pack:libs ${seconds(packed)}, npm install (${install?.mode ?? '-'}) ${seconds(install)}, tsc ${seconds(compiled)}`);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('packs, installs (all six at once) and compiles the app against them', () => {
    expect({ code: packed.code, output: packed.code === 0 ? '' : packed.output }).toEqual({ code: 0, output: '' });
    expect(packages.map((entry) => entry.name).sort()).toEqual([...LIBS, 'schematics'].map((name) => `@skillnest/${name}`).sort());
    expect(install && { code: install.code, output: install.code === 0 ? '' : install.output }).toEqual({ code: 0, output: '' });
    expect(compiled).toMatchObject({ code: 0, output: '' });
  });

  it('ships compiled JS, .d.ts and package.json: no TypeScript sources, specs, tests or source maps (the generator ships its templates)', () => {
    for (const { name, tarball } of packages) {
      const files = execFileSync('tar', ['-tzf', join(tarballs, tarball)], { encoding: 'utf8' })
        .trim()
        .split('\n');
      const shipped =
        name === '@skillnest/schematics' ? ['package/package.json', 'package/collection.json'] : ['package/package.json', 'package/dist/index.js', 'package/dist/index.d.ts'];
      expect(files).toEqual(expect.arrayContaining(shipped));
      const code = files.filter((file) => !file.endsWith('.template'));
      expect(code.filter((file) => (/\.ts$/.test(file) && !file.endsWith('.d.ts')) || /\.map$|\.spec\.|(^|\/)test\//.test(file))).toEqual([]);
    }
  });

  it.each(LIBS)('@skillnest/%s declares its name, version, entries, files and truthful engines, and requires only what it declares, at the root ranges', (lib) => {
    const manifest = manifestOf(lib);
    expect(manifest).toMatchObject({ name: `@skillnest/${lib}`, version: root.version, main: 'dist/index.js', types: 'dist/index.d.ts', files: ['dist'] });
    expect(manifest.exports?.['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    if (lib === 'skills') expect(manifest.exports?.['./internal']).toEqual({ types: './dist/internal.d.ts', default: './dist/internal.js' });
    const dependencies = manifest.dependencies ?? {};
    const peers = manifest.peerDependencies ?? {};
    // Truthful engines: this Node runs them (the specs below), and no package of the app's install, nor a sibling needed, allows less.
    const node = manifest.engines?.node ?? '';
    expect(semver.validRange(node) && semver.satisfies(process.version, node)).toBe(true);
    expect(semver.subset(node, '^20.19.0 || >=22.12.0')).toBe(true);
    const siblings = Object.keys(peers).filter((name) => name.startsWith('@skillnest/'));
    const tree = dependencyTree(
      app,
      Object.keys(dependencies),
      // Optional peers (the OpenTelemetry SDK, which only startTracing() loads) are the app's choice: not installed here, not its range.
      Object.keys(peers).filter((name) => !siblings.includes(name) && !manifest.peerDependenciesMeta?.[name]?.optional),
    );
    const allowed = [
      ...tree.map((entry) => ({ what: `${entry.name}@${entry.version}`, node: entry.node })),
      ...siblings.map((name) => ({ what: name, node: manifestOf(name.slice(11)).engines?.node ?? '' })),
    ];
    expect(allowed.filter((entry) => semver.validRange(entry.node) && !semver.subset(node, entry.node))).toEqual([]);
    for (const [name, range] of Object.entries({ ...dependencies, ...peers }))
      expect(`${name}@${range}`).toBe(`${name}@${name.startsWith('@skillnest/') ? root.version : declared[name]}`);
    // One copy in the app: Nest, its metadata and validation packages, and the siblings are never bundled dependencies.
    expect(Object.keys(dependencies).filter((name) => /^@nestjs\/|^@skillnest\/|^(reflect-metadata|rxjs|class-validator|class-transformer|fastify)$/.test(name))).toEqual([]);
    expect(peers).toHaveProperty(['@nestjs/common']);
    const entriesOf = (name: string) =>
      name.startsWith('@skillnest/') ? Object.keys(manifestOf(name.slice('@skillnest/'.length)).exports ?? {}).map((key) => key.slice(2) || 'index') : undefined;
    const required = requiredPackages(typescript, join(installed(lib), 'dist'), entriesOf);
    const needed = [...required.runtime.keys(), ...required.types.keys()].filter((name) => name !== `@skillnest/${lib}`);
    expect(needed.filter((name) => !(name in dependencies) && !(name in peers))).toEqual([]);
  });

  it('installs one copy of each peer and nothing missing or invalid (npm ls)', async () => {
    const listed = await runStep(app, 'npm', ['ls', '--all'], RUN_MS);
    expect({ code: listed.code, problems: listed.output.split('\n').filter((line) => /UNMET DEPENDENCY|invalid|extraneous|missing/.test(line)) }).toEqual({
      code: 0,
      problems: [],
    });
    const query = await runStep(
      app,
      'npm',
      ['query', ':is(#@nestjs/common, #@nestjs/core, #reflect-metadata, #class-validator, #class-transformer, #@skillnest/skills, #@skillnest/pools)'],
      RUN_MS,
    );
    const copies = (JSON.parse(query.output) as Array<{ name: string }>).map((node) => node.name).sort();
    expect(copies).toEqual(['@nestjs/common', '@nestjs/core', '@skillnest/pools', '@skillnest/skills', 'class-transformer', 'class-validator', 'reflect-metadata']);
  });

  it(
    'serves its @Tool over MCP Streamable HTTP on 127.0.0.1: the official MCP client lists and calls it',
    async () => {
      const served = await serveScratch(app, join('dist', 'main.js'), RUN_MS);
      const client = new Client({ name: 'installable-packages-e2e', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
      try {
        await client.connect(new StreamableHTTPClientTransport(served.url));
        expect(served.url.hostname).toBe('127.0.0.1');
        expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['echo']);
        const result = await client.callTool({ name: 'echo', arguments: { text: 'installed from a tarball' } });
        expect(result).toMatchObject({ content: [{ type: 'text', text: 'INSTALLED FROM A TARBALL' }] });
        expect(result.isError).toBeFalsy();
      } finally {
        await client.close();
        await served.stop();
      }
    },
    2 * RUN_MS,
  );

  it('runs the module behind @skillnest/testing, as the installed harness serves it to its own client', async () => {
    const checked = await runStep(app, process.execPath, [join('dist', 'harness.check.js')], RUN_MS);
    expect(checked).toMatchObject({ code: 0 });
    expect(checked.output).toContain('harness answered [{"type":"text","text":"FROM THE HARNESS"}]');
  });

  it(
    'generates a skill module with the installed @skillnest/schematics, which type-checks against the packages (node10 resolution too)',
    async () => {
      const generated = await runStep(app, process.execPath, ['generate.js', 'parcels'], RUN_MS);
      expect(generated).toMatchObject({ code: 0 });
      for (const file of ['src/parcels/parcels.module.ts', 'src/parcels/parcel.skills.ts', 'migrations/001_parcels.sql', 'test/src/parcels/parcel.skills.spec.ts']) {
        expect(existsSync(join(app, file)) ? file : `${file} is missing`).toBe(file);
      }
      expect(await runStep(app, process.execPath, [tsc, '-p', 'tsconfig.node10.json'], TSC_MS)).toMatchObject({ code: 0, output: '' });
    },
    RUN_MS + TSC_MS,
  );
});
