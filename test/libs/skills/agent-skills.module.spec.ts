import 'reflect-metadata';
import { join } from 'node:path';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { SkillsExtension } from '@modelcontextprotocol/server/ext/skills';
import { AGENT_SKILLS_CATALOG, AgentSkillsModule } from '@skillnest/skills';

const ROOT = join(__dirname, '..', '..', '..', 'skills');

@Injectable()
class SkillsFolder {
  readonly root = ROOT;
}

@Module({ providers: [SkillsFolder], exports: [SkillsFolder] })
class SettingsModule {}

type Catalog = SkillsExtension & { entries: Array<{ frontmatter: { name: string } }> };

describe('AgentSkillsModule in the ConfigurableModuleBuilder style', () => {
  it.each([
    ['forRoot', () => AgentSkillsModule.forRoot({ root: ROOT })],
    [
      'forRootAsync with imports and inject',
      () => AgentSkillsModule.forRootAsync({ imports: [SettingsModule], inject: [SkillsFolder], useFactory: (folder: SkillsFolder) => ({ root: folder.root }) }),
    ],
  ])('%s loads the folder once, as a global catalog', async (_how, module) => {
    const moduleRef = await Test.createTestingModule({ imports: [module()] }).compile();
    const catalog = moduleRef.get<Catalog>(AGENT_SKILLS_CATALOG);
    expect(catalog.entries.map((entry) => entry.frontmatter.name)).toEqual(['incident-response']);
    await moduleRef.close();
  });

  it('refuses to start on a folder that does not exist', async () => {
    await expect(Test.createTestingModule({ imports: [AgentSkillsModule.forRoot({ root: join(ROOT, 'no-such-folder') })] }).compile()).rejects.toThrow(
      /^1 skill problem:\n {2}\.: cannot be listed: Error: ENOENT: no such file or directory, scandir '.*no-such-folder'$/,
    );
  });
});
