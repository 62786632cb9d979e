import { Injectable } from '@nestjs/common';
import { ClaudeAgentRunner, ClaudeClient, HiddenFromAgent, InjectClaude } from '@skillnest/claude';
import { Scopes, SkillError, Tool, type SkillContext } from '@skillnest/skills';
import { IncidentIdDto } from '../incidents/dto/incident-id.dto';
import { IncidentRepository } from '../incidents/incident.repository';
import { OpsAgentDto } from './dto/ops-agent.dto';
import { INCIDENT_SUMMARY_SYSTEM, OPS_AGENT_SYSTEM, incidentBrief } from './incident-brief.util';
import { OpsAgentOutput } from './ops-agent-output.schema';

/** Claude-backed skills: an incident summary written while you watch, and an agent over every other skill. */
@Injectable()
export class OpsAssistantSkills {
  constructor(
    @InjectClaude() private readonly claude: ClaudeClient,
    private readonly agent: ClaudeAgentRunner,
    private readonly incidents: IncidentRepository,
  ) {}

  // It reads the incident log, so it needs what reading it directly needs.
  @Scopes('incidents:read')
  @Tool({
    name: 'incident_summarize',
    title: 'Summarize an incident (Claude)',
    description:
      'Ask Claude for a status summary of an incident and the next steps, from its record and timeline. The summary streams as progress notifications while Claude writes it; the result is the full text.',
    input: IncidentIdDto,
    annotations: { readOnly: true, idempotent: false, openWorld: true },
    timeoutMs: 90_000,
  })
  async summarize(input: IncidentIdDto, ctx: SkillContext): Promise<string> {
    // Say "not configured" before anything else: no id can make the call work without a key.
    this.claude.assertConfigured();
    const incident = await this.incidents.get(input.id);
    if (!incident) throw new SkillError(`No incident ${input.id}. Use incident_list to find open incidents.`);
    return this.claude.streamText(ctx, { system: INCIDENT_SUMMARY_SYSTEM, prompt: incidentBrief(incident), maxTokens: 800 });
  }

  // Each run spends Claude budget (up to its iteration cap), so only callers granted it may start one.
  @Scopes('ops:agent')
  @HiddenFromAgent('runs the agent itself')
  @Tool({
    name: 'ops_agent',
    title: 'Ops agent (Claude)',
    description:
      "Give Claude an operations task in plain words. Claude works through this service's tools with your permissions (read-only ones unless allowChanges is true), reports each step as progress, and answers with its findings and the tool calls it made.",
    input: OpsAgentDto,
    output: OpsAgentOutput,
    annotations: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
    timeoutMs: 120_000,
  })
  async run(input: OpsAgentDto, ctx: SkillContext): Promise<OpsAgentOutput> {
    this.claude.assertConfigured();
    const result = await this.agent.run(ctx, {
      task: input.task,
      system: OPS_AGENT_SYSTEM,
      include: input.allowChanges ? undefined : (tool) => tool.options.annotations?.readOnly === true,
    });
    return { answer: result.answer, steps: result.steps, iterations: result.iterations, model: result.model };
  }
}
