import { Injectable } from '@nestjs/common';
import { Scopes, Tool, type SkillContext } from '@skillnest/skills';
import { DeployTrackerClient } from './deploy-tracker.client';
import { DeploymentListDto, RecentDeploysDto } from './dto/recent-deploys.dto';

/** Skills over the deploy tracker: what changed, and when. Needs `deploys:read`. */
@Injectable()
@Scopes('deploys:read')
export class DeploySkills {
  constructor(private readonly tracker: DeployTrackerClient) {}

  @Tool({
    name: 'deploy_recent',
    title: 'Recent deployments of a service',
    description:
      'List the latest deployments of a service from the deploy tracker (version, status, author, times), most recent first. During an incident, check whether a deploy preceded it.',
    input: RecentDeploysDto,
    output: DeploymentListDto,
    annotations: { readOnly: true, openWorld: true },
  })
  async recent(input: RecentDeploysDto, ctx: SkillContext): Promise<DeploymentListDto> {
    return { service: input.service, deployments: await this.tracker.recent(input.service, input.limit ?? 5, ctx.signal) };
  }
}
