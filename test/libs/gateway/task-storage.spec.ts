import { Injectable, Module } from '@nestjs/common';
import { GatewayConfigError } from '@skillnest/gateway';
import { Tool } from '@skillnest/skills';
import { gatewayUnderTest } from '../../fixtures/gateway-under-test';

@Injectable()
class AuditSkills {
  @Tool({ name: 'long_audit', description: 'Runs as a task', task: 'optional' })
  audit() {
    return 'done';
  }
}
@Module({ providers: [AuditSkills] })
class AuditModule {}

@Injectable()
class PlainSkills {
  @Tool({ name: 'plain', description: 'No task' })
  plain() {
    return 'plain';
  }
}
@Module({ providers: [PlainSkills] })
class PlainModule {}

/** Tasks are kept in PostgreSQL: a gateway with a task tool and no pool to keep them in does not start. */
describe('task storage at bootstrap', () => {
  it('refuses to start a gateway whose task tools have no PostgreSQL pool, naming them and the setting', async () => {
    const starting = gatewayUnderTest({}, undefined, [AuditModule]);
    await expect(starting).rejects.toBeInstanceOf(GatewayConfigError);
    await expect(gatewayUnderTest({}, undefined, [AuditModule])).rejects.toThrow(
      'Tools long_audit run as tasks, which are kept in PostgreSQL, but there is no PgPoolModule pool "default". Import PgPoolModule.forRoot()',
    );
  });

  it('needs no database when no tool of the gateway runs as a task', async () => {
    const moduleRef = await gatewayUnderTest({}, undefined, [PlainModule]);
    await moduleRef.close();
  });
});
