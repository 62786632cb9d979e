import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { JSONSchema } from '@skillnest/skills';
import { SERVICE_TIERS, type ServiceTier } from '../service-record.interface';

export class SearchServicesDto {
  @JSONSchema({ description: 'Words to match against service names and owning teams' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  query?: string;

  @JSONSchema({ description: 'Only services of this criticality tier' })
  @IsOptional()
  @IsIn(SERVICE_TIERS)
  tier?: ServiceTier;

  @JSONSchema({ description: 'Only services owned by this team (exact team slug)' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{1,40}$/, { message: 'owner must be a team slug such as "payments"' })
  owner?: string;

  @JSONSchema({ description: 'Maximum number of services to return (default 10)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}
