import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { libEntries } from '../../support/pack-libs-scripts';

const ROOT = join(__dirname, '..', '..', '..');

describe('libEntries (the libs to package and their entries)', () => {
  it("finds the repository's five libs, each with index, and the subpaths code imports (@skillnest/skills/internal)", () => {
    const libs = libEntries(ROOT);
    expect(libs.map((lib) => lib.packageName).sort()).toEqual(['@skillnest/claude', '@skillnest/gateway', '@skillnest/pools', '@skillnest/skills', '@skillnest/testing']);
    for (const lib of libs) expect(lib.entries[0]).toBe('index');
    expect(libs.find((lib) => lib.name === 'skills')?.entries).toEqual(['index', 'internal']);
  });

  it('refuses an import of a subpath that is no file of the lib', () => {
    const root = mkdtempSync(join(tmpdir(), 'skillnest-entries-'));
    try {
      mkdirSync(join(root, 'libs', 'skills', 'src'), { recursive: true });
      mkdirSync(join(root, 'src'));
      writeFileSync(join(root, 'nest-cli.json'), JSON.stringify({ projects: { skills: { type: 'library', sourceRoot: 'libs/skills/src' } } }));
      writeFileSync(join(root, 'libs', 'skills', 'src', 'index.ts'), 'export {};');
      writeFileSync(join(root, 'src', 'main.ts'), "import { x } from '@skillnest/skills/tracing';");
      expect(() => libEntries(root)).toThrow('src/main.ts imports @skillnest/skills/tracing, but libs/skills/src/tracing.ts does not exist');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
