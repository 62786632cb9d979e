import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { JSONSchema } from '@skillnest/skills';

export class RecentDeploysDto {
  @JSONSchema({ description: 'Service name as in the catalog, e.g. "checkout-api"' })
  @Matches(/^[a-z][a-z0-9-]{1,60}$/, { message: 'service must be a catalog service name such as "checkout-api"' })
  service: string;

  @JSONSchema({ description: 'How many deployments to return, most recent first (default 5)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(25)
  limit?: number;
}

export const DEPLOY_STATUSES = ['in_progress', 'succeeded', 'failed', 'rolled_back'] as const;

export class DeploymentDto {
  @IsString() id: string;
  @IsString() version: string;
  @IsIn(DEPLOY_STATUSES) status: (typeof DEPLOY_STATUSES)[number];
  @IsString() author: string;
  @IsISO8601() startedAt: string;
  @IsOptional() @IsISO8601() finishedAt?: string;
}

export class DeploymentListDto {
  @IsString() service: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => DeploymentDto) deployments: DeploymentDto[];
}
