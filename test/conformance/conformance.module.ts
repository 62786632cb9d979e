import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { McpGatewayModule } from '@skillnest/gateway';
import { PgPoolModule } from '@skillnest/pools';
import { AgentSkillsModule } from '@skillnest/skills';
import { ConformanceDiagnosticSkills } from './conformance-diagnostics.skills';
import { ConformanceInputRequiredSkills } from './conformance-input-required.skills';
import { ConformanceResourceSkills } from './conformance-resources.skills';
import { ConformanceTaskSkills } from './conformance-tasks.skills';
import { ConformanceToolSkills } from './conformance-tools.skills';

/**
 * The official conformance suite's fixtures as an ordinary Skillnest app. The suite cannot send
 * a bearer token, so this gateway has none: it is for tests only and binds to 127.0.0.1.
 */
@Module({
  imports: [
    AgentSkillsModule.forRoot({ root: join(__dirname, 'agent-skills') }),
    // The task fixtures' rows: an embedded PostgreSQL in memory, nothing left behind.
    PgPoolModule.forRoot({ embeddedDataDir: 'memory://conformance' }),
    McpGatewayModule.forRoot({
      path: '/mcp',
      serverInfo: { name: 'skillnest-conformance', version: '0.1.0' },
      instructions: 'Conformance fixture of the Skillnest framework.',
      // The suite runs once with the fast path and once without: both paths must pass it.
      fastPath: process.env.SKILLNEST_FAST_PATH !== 'off',
      // Every scenario of both requirement sets is one anonymous caller that leaves its sessions
      // to expire: it may hold more than one principal's default share (64).
      legacySessions: { maxSessionsPerPrincipal: 1_000 },
    }),
  ],
  providers: [ConformanceToolSkills, ConformanceInputRequiredSkills, ConformanceResourceSkills, ConformanceDiagnosticSkills, ConformanceTaskSkills],
})
export class ConformanceModule {}
