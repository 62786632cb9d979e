import 'reflect-metadata';
import { Injectable, Module, Scope } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import { Prompt, Resource, ResourceTemplate, SkillsModule, SkillsRegistry, Tool } from '@skillnest/skills';
import { CaptureLogger } from '../../support/capture.logger';

class GreetDto {
  @IsString() name: string;
}

@Injectable()
class BillingSkills {
  @Tool({ name: 'billing_invoice', description: 'Look up an invoice', input: GreetDto, annotations: { readOnly: true } })
  invoice() {
    return 'ok';
  }

  @Resource({ uri: 'billing://plans', description: 'Price plans' })
  plans() {
    return [];
  }

  notASkill() {
    return 'plain method';
  }
}

@Injectable()
class SupportSkills {
  @Tool({ description: 'Escalate a ticket' })
  escalate() {
    return 'done';
  }

  @ResourceTemplate({ uriTemplate: 'support://tickets/{id}', name: 'ticket' })
  ticket() {
    return {};
  }

  @Prompt({ name: 'triage', description: 'Triage a ticket', args: GreetDto })
  triage() {
    return 'triage';
  }
}

@Injectable()
class ClashingSkills {
  @Tool({ name: 'billing_invoice', description: 'Same name, another class' })
  other() {
    return 'x';
  }
}

@Injectable({ scope: Scope.REQUEST })
class RequestScopedSkills {
  @Tool({ description: 'Cannot be bound at bootstrap' })
  perRequest() {
    return 'x';
  }
}

@Module({ providers: [BillingSkills] })
class BillingModule {}

@Module({ providers: [SupportSkills] })
class SupportModule {}

async function bootstrap(...imports: Array<new () => unknown>) {
  return bootstrapLogged(new CaptureLogger(), ...imports);
}

async function bootstrapLogged(logger: CaptureLogger, ...imports: Array<new () => unknown>) {
  const moduleRef = await Test.createTestingModule({ imports: [SkillsModule, ...imports] })
    .setLogger(logger)
    .compile();
  await moduleRef.init();
  return moduleRef;
}

describe('SkillsExplorer and SkillsRegistry', () => {
  it('finds decorated methods on providers of any module, and nothing else', async () => {
    const moduleRef = await bootstrap(BillingModule, SupportModule);
    const registry = moduleRef.get(SkillsRegistry);
    expect(registry.tools().map((tool) => tool.name)).toEqual(['billing_invoice', 'escalate']);
    expect(registry.resources().map((resource) => resource.options.uri)).toEqual(['billing://plans']);
    expect(registry.resourceTemplates().map((template) => template.name)).toEqual(['ticket']);
    expect(registry.prompts().map((prompt) => prompt.name)).toEqual(['triage']);
    await moduleRef.close();
  });

  it('compiles the input schema once, at bootstrap, and binds the method to its instance', async () => {
    const moduleRef = await bootstrap(BillingModule);
    const tool = moduleRef.get(SkillsRegistry).tool('billing_invoice')!;
    expect(tool.input.jsonSchema.properties).toEqual({ name: { type: 'string' } });
    expect(tool.options.annotations).toEqual({ readOnly: true });
    expect(tool.handler.where).toBe('BillingSkills.invoice');
    await expect(Promise.resolve(tool.handler.call({}, undefined as never))).resolves.toBe('ok');
    await moduleRef.close();
  });

  it('fails the bootstrap on a duplicate name, naming both classes', async () => {
    @Module({ providers: [ClashingSkills] })
    class ClashingModule {}
    await expect(bootstrap(BillingModule, ClashingModule)).rejects.toThrow('Duplicate tool "billing_invoice": declared by BillingSkills.invoice and by ClashingSkills.other');
  });

  it('refuses skills on request-scoped providers', async () => {
    @Module({ providers: [RequestScopedSkills] })
    class ScopedModule {}
    await expect(bootstrap(ScopedModule)).rejects.toThrow(/RequestScopedSkills\.perRequest.*request-scoped/);
  });

  it('warns at startup about a class with skills that no module provides, naming it, and not about provided ones', async () => {
    const logger = new CaptureLogger();
    const moduleRef = await bootstrapLogged(logger, BillingModule);
    const warnings = logger.lines.filter((line) => line.startsWith('warn'));
    for (const missing of ['SupportSkills', 'ClashingSkills', 'RequestScopedSkills']) {
      expect(warnings).toContainEqual(
        `warn ${missing} has skill methods (@Tool, @Resource, @Prompt, ...) but no module of this app provides it, so none of them is served. Add ${missing} to the providers of a module the app imports. SkillsExplorer`,
      );
    }
    expect(warnings.some((line) => line.includes('BillingSkills'))).toBe(false);
    await moduleRef.close();
  });
});
