import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { JSONSchema } from '@skillnest/skills';
import { SERVICE_TIERS, type ServiceTier } from '../../catalog/service-record.interface';

export class ReadinessAuditDto {
  @JSONSchema({ description: 'Audit only the services of this tier (default: every service)' })
  @IsOptional()
  @IsIn(SERVICE_TIERS)
  tier?: ServiceTier;

  @JSONSchema({ description: 'Pause this long per service, in ms, as a real audit waits on each upstream check (default 0; at most 5000)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(5_000)
  paceMs?: number;
}
