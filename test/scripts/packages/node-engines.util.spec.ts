import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeEngines, semver } from '../../support/pack-libs-scripts';

/** Installed fake packages: name to package.json (plus an index.js). */
const INSTALLED: Record<string, object> = {
  'dep-a': { engines: { node: '>=20' }, dependencies: { 'dep-b': '1' } },
  'dep-b': { engines: { node: '^20.19.0 || ^22.12.0 || >=24.0.0' } },
  'peer-p': { engines: { node: '>=20.5' }, dependencies: { 'deep-q': '1' } },
  'deep-q': { engines: { node: '>=22' } },
  'esm-e': { type: 'module', main: 'index.js' },
  'cjs-c': { main: 'index.js' },
  'old-o': { engines: { node: '<18' } },
};

describe('nodeEngines (the Node versions a package and what it brings allow)', () => {
  const root = mkdtempSync(join(tmpdir(), 'skillnest-engines-'));
  const options = { name: '@skillnest/x', base: '>=20.19', dependencies: ['dep-a'], peers: ['peer-p'], siblings: {}, specifiers: ['cjs-c'] };
  beforeAll(() => {
    for (const [name, manifest] of Object.entries(INSTALLED)) {
      mkdirSync(join(root, 'node_modules', name), { recursive: true });
      writeFileSync(join(root, 'node_modules', name, 'package.json'), JSON.stringify({ name, version: '1.0.0', ...manifest }));
      writeFileSync(join(root, 'node_modules', name, 'index.js'), '');
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("narrows the root's range by each dependency down the tree and each peer itself, not by a peer's own dependencies", () => {
    const engines = nodeEngines(semver, root, options);
    expect(engines).toMatchObject({ range: '^20.19.0 || ^22.12.0 || >=24.0.0', binding: ['dep-b@1.0.0: ^20.19.0 || ^22.12.0 || >=24.0.0'], esModules: [] });
    expect(engines.checked).toBe(3);
  });

  it('keeps to require(esm) Node versions when the CommonJS output requires an ES module, and within the siblings it needs', () => {
    expect(nodeEngines(semver, root, { ...options, dependencies: [], specifiers: ['esm-e', 'cjs-c'] })).toMatchObject({ range: '^20.19.0 || >=22.12.0', esModules: ['esm-e'] });
    expect(nodeEngines(semver, root, { ...options, siblings: { '@skillnest/pools': '>=22.15.0' } }).range).toBe('^22.15.0 || >=24.0.0');
  });

  it('fails when no Node version suits them all, naming the package', () => {
    expect(() => nodeEngines(semver, root, { ...options, dependencies: ['old-o'] })).toThrow(
      'no Node version suits @skillnest/x: what it needs so far is >=20.19.0, and old-o@1.0.0: <18',
    );
  });
});
