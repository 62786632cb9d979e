import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { AGENT_SKILLS_CATALOG, AgentSkillsModule } from '@skillnest/skills';
import { CaptureLogger } from '../../support/capture.logger';

type Catalog = { entries: Array<{ uri: string; frontmatter: { name: string }; resources: Array<{ uri: string; digest: string; size: number }> }> };

const GOOD = '---\nname: good\ndescription: A good skill\n---\nRead references/guide.md first.\n';

/** What AgentSkillsModule refuses at startup (strict, the default) or skips with a warning (strict: false), and the digests it serves. */
describe('AgentSkillsModule refusals and digests', () => {
  const roots: string[] = [];
  /** A skills folder: each key a file path under the root, each value its content. */
  const folder = (files: Record<string, string>) => {
    const root = mkdtempSync(join(tmpdir(), 'agent-skills-'));
    roots.push(root);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    return root;
  };
  const load = async (root: string, strict?: boolean) => {
    const logs = new CaptureLogger();
    const moduleRef = await Test.createTestingModule({ imports: [AgentSkillsModule.forRoot({ root, ...(strict === undefined ? {} : { strict }) })] })
      .setLogger(logs)
      .compile();
    const catalog = moduleRef.get<Catalog>(AGENT_SKILLS_CATALOG);
    await moduleRef.close();
    return { catalog, logs };
  };
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  it('serves each file with the sha256 digest and size of its bytes', async () => {
    const root = folder({ 'good/SKILL.md': GOOD, 'good/references/guide.md': '# Guide\n\nStep one.\n' });
    const { catalog } = await load(root);
    expect(catalog.entries.map((entry) => entry.frontmatter.name)).toEqual(['good']);
    const resources = [...catalog.entries[0].resources].sort((a, b) => a.uri.localeCompare(b.uri));
    expect(resources.map((resource) => resource.uri)).toEqual(['skill://good/references/guide.md', 'skill://good/SKILL.md']);
    for (const resource of resources) {
      const bytes = readFileSync(join(root, resource.uri.slice('skill://'.length)));
      expect(resource).toEqual({ uri: resource.uri, digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, size: bytes.length });
    }
  });

  it.each([
    ['no description', '---\nname: bad\n---\nBody\n', 'SKILL.md frontmatter must contain string "name" and "description"'],
    ['no frontmatter at all', 'Just a body.\n', 'frontmatter'],
  ])('refuses to start on a SKILL.md with %s, naming the file relative to the root', async (_case, skill, problem) => {
    const root = folder({ 'good/SKILL.md': GOOD, 'bad/SKILL.md': skill });
    const failure = await load(root).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toContain('bad/SKILL.md: ');
    expect(failure?.message).toContain(problem);
    expect(failure?.message).not.toContain(root); // no absolute path of the machine
  });

  it('with strict: false, skips the bad skill with a warning and serves the others', async () => {
    const root = folder({ 'good/SKILL.md': GOOD, 'bad/SKILL.md': '---\nname: bad\n---\nBody\n' });
    const { catalog, logs } = await load(root, false);
    expect(catalog.entries.map((entry) => entry.frontmatter.name)).toEqual(['good']);
    expect(logs.lines).toContainEqual(expect.stringMatching(/^warn.*bad\/SKILL\.md: SKILL\.md frontmatter must contain string "name" and "description" \(skill skipped\)/));
    expect(logs.lines).toContainEqual(expect.stringContaining('Serving 1 agent skill(s): good'));
  });

  it('refuses a skill over the 512-file limit', async () => {
    const files: Record<string, string> = { 'big/SKILL.md': GOOD.replace('name: good', 'name: big') };
    for (let index = 0; index < 512; index++) files[`big/references/file-${index}.md`] = `${index}\n`;
    const failure = await load(folder(files)).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toBe(
      '1 skill problem:\n  big: 513 files / 2014 bytes exceeds the limit of 512 files / 16777216 bytes; some hosts may decline it. Raise limits to allow it',
    );
  });

  it('refuses a skill over the 16 MiB limit, and serves it with strict: false only after warning', async () => {
    const root = folder({ 'good/SKILL.md': GOOD, 'heavy/SKILL.md': GOOD.replace('name: good', 'name: heavy'), 'heavy/references/blob.md': 'x'.repeat(16 * 1024 * 1024) });
    const failure = await load(root).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toMatch(/^1 skill problem:\n {2}heavy: 2 files \/ \d+ bytes exceeds the limit of 512 files \/ 16777216 bytes/);
    const { catalog, logs } = await load(root, false);
    expect(catalog.entries.map((entry) => entry.frontmatter.name).sort()).toEqual(['good', 'heavy']); // a host may still decline it: the warning says so
    expect(logs.lines).toContainEqual(expect.stringMatching(/^warn.*heavy: 2 files \/ \d+ bytes exceeds the limit/));
  });
});
